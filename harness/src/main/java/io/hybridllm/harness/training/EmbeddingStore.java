package io.hybridllm.harness.training;

import io.hybridllm.core.model.InferenceException;
import io.hybridllm.router.embedding.SentenceEncoder;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Embeddings kept on disk under {@code target/}, one append-only file per encoder version, keyed by the
 * SHA-256 of each text: a text is embedded once, whatever directory, fold or command asks for it again.
 * Texts are embedded one at a time, exactly as the router does when it serves.
 */
public final class EmbeddingStore implements AutoCloseable {

    private final SentenceEncoder encoder;
    private final Path file;
    private final Map<String, float[]> vectors = new HashMap<>();
    private OutputStream appender;

    public EmbeddingStore(SentenceEncoder encoder, Path dir) throws IOException {
        this.encoder = encoder;
        this.file = dir.resolve(encoder.version().replaceAll("[^A-Za-z0-9.@-]", "_") + ".vectors");
        Files.createDirectories(dir);
        if (Files.exists(file)) {
            load();
        }
    }

    public float[][] embed(List<String> texts, String label) throws IOException, InferenceException {
        float[][] out = new float[texts.size()][];
        int fresh = 0;
        long started = System.nanoTime();
        for (int i = 0; i < texts.size(); i++) {
            String key = key(texts.get(i));
            float[] vector = vectors.get(key);
            if (vector == null) {
                vector = encoder.embed(texts.get(i));
                append(key, vector);
                vectors.put(key, vector);
                fresh++;
                if (fresh % 500 == 0) {
                    System.err.printf("  %s: embedded %d new texts (%.0f s)%n", label, fresh,
                            (System.nanoTime() - started) / 1e9);
                }
            }
            out[i] = vector;
        }
        if (fresh > 0) {
            System.err.printf("  %s: %d of %d texts embedded now, the rest from %s%n", label, fresh, texts.size(), file);
        }
        return out;
    }

    private void load() throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            byte[] hash = new byte[32];
            while (true) {
                try {
                    in.readFully(hash);
                } catch (EOFException end) {
                    return;
                }
                int dim = in.readInt();
                float[] vector = new float[dim];
                for (int d = 0; d < dim; d++) {
                    vector[d] = in.readFloat();
                }
                vectors.put(HexFormat.of().formatHex(hash), vector);
            }
        } catch (EOFException truncated) {
            // A run killed mid-write leaves a partial last record; everything before it is good.
        }
    }

    private void append(String key, float[] vector) throws IOException {
        if (appender == null) {
            appender = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND));
        }
        DataOutputStream out = new DataOutputStream(appender);
        out.write(HexFormat.of().parseHex(key));
        out.writeInt(vector.length);
        for (float v : vector) {
            out.writeFloat(v);
        }
        out.flush();
    }

    private static String key(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (appender != null) {
            appender.close();
        }
    }
}
