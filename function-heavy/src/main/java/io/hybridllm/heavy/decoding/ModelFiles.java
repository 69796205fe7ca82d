package io.hybridllm.heavy.decoding;

import io.hybridllm.core.model.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Locates a model directory and fingerprints its files. */
public final class ModelFiles {

    /** Classpath folder of the bundled demo decoder. */
    public static final String BUNDLED = "models/demo-decoder/";

    static final List<String> REQUIRED = List.of("config.json", "tokenizer.json");

    /**
     * Decoder graphs in the order they are looked for: Optimum's single "with past" graph
     * ({@code model.onnx}, current exports), its older merged graph with a {@code use_cache_branch}
     * switch, and a lone with-past graph (which also prefills, from an empty past).
     */
    static final List<String> GRAPHS = List.of("model.onnx", "decoder_model_merged.onnx",
            "decoder_with_past_model.onnx");
    static final List<String> OPTIONAL = List.of("tokenizer_config.json", "generation_config.json",
            "reference-generations.json");

    /** Bytes read from each end of large weight files when fingerprinting them. */
    private static final int EDGE_BYTES = 4 << 20;

    private ModelFiles() {
    }

    /**
     * The configured directory, or the bundled demo model: used in place when the classpath is a
     * plain directory, else (inside a jar) copied to a temporary directory that is deleted on exit.
     */
    public static Path resolve(Optional<String> configured) throws ModelLoadException {
        if (configured.isPresent() && !configured.get().isBlank()) {
            Path dir = Path.of(configured.get());
            check(dir);
            return dir;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        URL config = loader.getResource(BUNDLED + "config.json");
        if (config == null) {
            throw new ModelLoadException("no hybrid.heavy.model-dir configured and the bundled model "
                    + BUNDLED + " is not on the classpath");
        }
        if ("file".equals(config.getProtocol())) {
            try {
                Path dir = Path.of(config.toURI()).getParent();
                check(dir);
                return dir;
            } catch (URISyntaxException e) {
                throw new ModelLoadException("bad model URL " + config, e);
            }
        }
        try {
            Path dir = Files.createTempDirectory("hybrid-heavy-model-");
            // deleteOnExit deletes in reverse order of registration: the files first, then their folder.
            dir.toFile().deleteOnExit();
            for (String name : Stream.of(REQUIRED, GRAPHS, OPTIONAL).flatMap(List::stream).toList()) {
                try (InputStream in = loader.getResourceAsStream(BUNDLED + name)) {
                    if (in != null) {
                        Path target = dir.resolve(name);
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        target.toFile().deleteOnExit();
                    }
                }
            }
            check(dir);
            return dir;
        } catch (IOException e) {
            throw new ModelLoadException("cannot extract the bundled model: " + e.getMessage(), e);
        }
    }

    static void check(Path dir) throws ModelLoadException {
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("model directory " + dir + " does not exist");
        }
        for (String name : REQUIRED) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw new ModelLoadException("model directory " + dir + " lacks " + name);
            }
        }
        graph(dir);
    }

    /** The decoder graph of a model directory: the first of {@link #GRAPHS} that exists. */
    static Path graph(Path dir) throws ModelLoadException {
        for (String name : GRAPHS) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        throw new ModelLoadException("model directory " + dir + " has no decoder graph (one of " + GRAPHS
                + "); export it with optimum-cli export onnx --task text-generation-with-past");
    }

    /**
     * A short fingerprint that changes when weights, tokenizer or configuration change: the JSON
     * files are hashed whole; ONNX files (which can be gigabytes) by size plus their first and last
     * 4 MiB, which keeps start-up fast while catching any re-export.
     */
    public static String fingerprint(Path dir) throws ModelLoadException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<Path> files;
            try (Stream<Path> listing = Files.list(dir)) {
                files = listing.filter(Files::isRegularFile)
                        .filter(p -> !p.getFileName().toString().equals("reference-generations.json"))
                        .filter(p -> !p.getFileName().toString().endsWith(".md"))
                        .sorted().toList();
            }
            for (Path file : files) {
                sha.update(file.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                long size = Files.size(file);
                sha.update(Long.toString(size).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (size <= 2L * EDGE_BYTES) {
                    sha.update(Files.readAllBytes(file));
                } else {
                    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                        byte[] edge = new byte[EDGE_BYTES];
                        raf.readFully(edge);
                        sha.update(edge);
                        raf.seek(size - EDGE_BYTES);
                        raf.readFully(edge);
                        sha.update(edge);
                    }
                }
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new ModelLoadException("cannot fingerprint " + dir + ": " + e.getMessage(), e);
        }
    }
}
