package io.hybridllm.light.knowledge;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.model.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bundled answers file ({@code kb/banking77-answers.json}, {@code kb/banking77-answers-zh.json}):
 * one canned answer per intent. It seeds the knowledge store the first time it is empty; from then
 * on the store is what serves ({@link LiveKnowledge}).
 */
public final class KnowledgeBase {

    /** JSON layout of the answers file. */
    public record File(String bank, Map<String, String> answers) {}

    private final String bank;
    private final Map<String, String> answers;
    private final String hash;

    public KnowledgeBase(String bank, Map<String, String> answers) {
        this.bank = bank;
        this.answers = Map.copyOf(answers);
        this.hash = contentHash(bank, answers);
    }

    public static KnowledgeBase read(InputStream in, ObjectMapper mapper) throws ModelLoadException {
        try {
            File file = mapper.readValue(in, File.class);
            if (file.bank() == null || file.answers() == null || file.answers().isEmpty()) {
                throw new ModelLoadException("knowledge base needs 'bank' and a non-empty 'answers' object");
            }
            return new KnowledgeBase(file.bank(), new LinkedHashMap<>(file.answers()));
        } catch (IOException e) {
            throw new ModelLoadException("knowledge base is not readable: " + e.getMessage(), e);
        }
    }

    /** Fails when the classifier can predict an intent that has no answer. */
    public void requireAnswersFor(List<String> intents) throws ModelLoadException {
        List<String> missing = new ArrayList<>();
        for (String intent : intents) {
            String answer = answers.get(intent);
            if (answer == null || answer.isBlank()) {
                missing.add(intent);
            }
        }
        if (!missing.isEmpty()) {
            throw new ModelLoadException("knowledge base has no answer for intents " + missing);
        }
    }

    /** The answers as knowledge entries of one language, without examples. */
    public List<KnowledgeEntry> entries(String language) {
        List<KnowledgeEntry> entries = new ArrayList<>(answers.size());
        new TreeMap<>(answers).forEach((intent, answer) -> entries.add(new KnowledgeEntry(
                KnowledgeEntry.knowledgeIntent(intent), language, List.of(), answer)));
        return entries;
    }

    public String answer(String intent) {
        return answers.get(intent);
    }

    public String bank() {
        return bank;
    }

    public int size() {
        return answers.size();
    }

    /** First 8 hex digits of a SHA-256 over the answers, so editing an answer changes the model version. */
    public String hash() {
        return hash;
    }

    private static String contentHash(String bank, Map<String, String> answers) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bank.getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, String> e : new TreeMap<>(answers).entrySet()) {
                digest.update(("\n" + e.getKey() + "\t" + e.getValue()).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
