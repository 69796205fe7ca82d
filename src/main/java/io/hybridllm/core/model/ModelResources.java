package io.hybridllm.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Model files, and the version of the Maven jar that ships them. They are read from a model directory
 * when one is named ({@value #DIRECTORY_PROPERTY}, or the environment variable {@value #DIRECTORY_VARIABLE}),
 * else from the classpath (the model jars themselves).
 *
 * <p>The directory holds the jars' resources unpacked under their classpath names: on Lambda it is a
 * layer at {@code /opt/models}, which keeps the encoders out of the function's zip (Lambda takes at most
 * 50 MB zipped per direct upload, and the encoders alone are 33 MB). A named directory that lacks a file
 * is an error, not a quiet fall back to whatever model happens to be on the classpath.
 */
public final class ModelResources {

    /** System property naming the model directory; it wins over {@value #DIRECTORY_VARIABLE}. */
    public static final String DIRECTORY_PROPERTY = "hybrid.model-dir";
    /** Environment variable naming the model directory (the SAM template sets it for the layer). */
    public static final String DIRECTORY_VARIABLE = "HYBRID_MODEL_DIR";

    private ModelResources() {}

    /** The named model directory, read on every call so that a native image takes it at run time. */
    public static Optional<Path> directory() {
        String named = System.getProperty(DIRECTORY_PROPERTY);
        if (named == null || named.isBlank()) {
            named = System.getenv(DIRECTORY_VARIABLE);
        }
        return named == null || named.isBlank() ? Optional.empty() : Optional.of(Path.of(named.trim()));
    }

    /** Where models are read from, for start-up logs. */
    public static String source() {
        return directory().map(d -> "model directory " + d).orElse("the classpath");
    }

    public static InputStream open(ClassLoader loader, String name) throws ModelLoadException {
        Optional<Path> directory = directory();
        if (directory.isPresent()) {
            Path file = directory.get().resolve(name);
            if (!Files.isRegularFile(file)) {
                throw new ModelLoadException("model directory " + directory.get() + " (" + DIRECTORY_VARIABLE
                        + ") has no " + name);
            }
            try {
                return Files.newInputStream(file);
            } catch (IOException e) {
                throw new ModelLoadException("cannot open " + file + ": " + e.getMessage(), e);
            }
        }
        InputStream in = loader.getResourceAsStream(name);
        if (in == null) {
            throw new ModelLoadException("resource " + name + " is not on the classpath (and no "
                    + DIRECTORY_VARIABLE + " names a model directory)");
        }
        return in;
    }

    public static byte[] read(ClassLoader loader, String name) throws ModelLoadException {
        try (InputStream in = open(loader, name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The {@code version} in a jar's {@code META-INF/maven/.../pom.properties} (in the model directory when
     * one is named), so that the version a model reports is the one actually loaded; {@code unknown} when
     * there is none.
     */
    public static String jarVersion(ClassLoader loader, String pomPropertiesResource) {
        Optional<Path> directory = directory();
        try (InputStream in = directory.isPresent()
                ? openIfPresent(directory.get().resolve(pomPropertiesResource))
                : loader.getResourceAsStream(pomPropertiesResource)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static InputStream openIfPresent(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.newInputStream(file) : null;
    }
}
