package io.hybridllm.light.training;

import io.hybridllm.core.model.InferenceException;
import io.hybridllm.core.model.TextEncoder;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Keeps embeddings of a text list under target/, keyed by encoder version and the texts themselves,
 * so repeated offline runs do not re-encode ten thousand sentences. A changed text or encoder is a miss.
 */
public final class EmbeddingCache {

    private final Path dir;

    public EmbeddingCache(Path dir) {
        this.dir = dir;
    }

    public float[][] embed(TextEncoder encoder, List<String> texts) throws InferenceException, IOException {
        Path file = dir.resolve(key(encoder.version(), texts) + ".f32");
        if (Files.exists(file)) {
            try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
                int rows = in.readInt();
                int dim = in.readInt();
                float[][] x = new float[rows][dim];
                for (float[] row : x) {
                    for (int d = 0; d < dim; d++) {
                        row[d] = in.readFloat();
                    }
                }
                return x;
            }
        }
        float[][] x = encoder.embed(texts);
        Files.createDirectories(dir);
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(x.length);
            out.writeInt(x[0].length);
            for (float[] row : x) {
                for (float v : row) {
                    out.writeFloat(v);
                }
            }
        }
        return x;
    }

    private static String key(String version, List<String> texts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(version.getBytes(StandardCharsets.UTF_8));
            for (String text : texts) {
                digest.update(("\n" + text).getBytes(StandardCharsets.UTF_8));
            }
            return version.replaceAll("[^A-Za-z0-9.@-]", "_") + "-"
                    + HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
