package io.hybridllm.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Model files shipped on the classpath (inside Maven jars), and the version of the jar that holds them. */
public final class ModelResources {

    private ModelResources() {}

    public static InputStream open(ClassLoader loader, String name) throws ModelLoadException {
        InputStream in = loader.getResourceAsStream(name);
        if (in == null) {
            throw new ModelLoadException("resource " + name + " is not on the classpath");
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
     * The {@code version} in a jar's {@code META-INF/maven/.../pom.properties}, so that the version a model
     * reports is the one actually loaded; {@code unknown} when the jar carries none.
     */
    public static String jarVersion(ClassLoader loader, String pomPropertiesResource) {
        try (InputStream in = loader.getResourceAsStream(pomPropertiesResource)) {
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
}
