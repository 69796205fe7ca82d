package io.hybridllm.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelResourcesTest {

    private static final String POM = "META-INF/maven/dev.example/encoder/pom.properties";

    @TempDir
    Path classpath;
    @TempDir
    Path layer;

    @AfterEach
    void forgetDirectory() {
        System.clearProperty(ModelResources.DIRECTORY_PROPERTY);
    }

    private ClassLoader classpathWith(String name, String content) throws IOException {
        Path file = classpath.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return new URLClassLoader(new URL[] {classpath.toUri().toURL()}, null);
    }

    private void layerWith(String name, String content) throws IOException {
        Path file = layer.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void withoutADirectoryTheClasspathServes() throws Exception {
        ClassLoader loader = classpathWith("encoder.onnx", "from the jar");
        classpathWith(POM, "version=1.0\n");
        assertArrayEquals("from the jar".getBytes(StandardCharsets.UTF_8), ModelResources.read(loader, "encoder.onnx"));
        assertEquals("1.0", ModelResources.jarVersion(loader, POM));
    }

    @Test
    void aNamedDirectoryWinsOverTheClasspathForFilesAndVersion() throws Exception {
        ClassLoader loader = classpathWith("encoder.onnx", "from the jar");
        classpathWith(POM, "version=1.0\n");
        layerWith("encoder.onnx", "from the layer");
        layerWith(POM, "version=2.0\n");
        System.setProperty(ModelResources.DIRECTORY_PROPERTY, layer.toString());
        assertEquals(layer, ModelResources.directory().orElseThrow());
        assertArrayEquals("from the layer".getBytes(StandardCharsets.UTF_8), ModelResources.read(loader, "encoder.onnx"));
        assertEquals("2.0", ModelResources.jarVersion(loader, POM));
    }

    @Test
    void aFileMissingFromTheNamedDirectoryIsAnErrorNotAFallBack() throws Exception {
        ClassLoader loader = classpathWith("encoder.onnx", "from the jar");
        System.setProperty(ModelResources.DIRECTORY_PROPERTY, layer.toString());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelResources.read(loader, "encoder.onnx"));
        assertTrue(e.getMessage().contains(layer.toString()) && e.getMessage().contains("encoder.onnx"), e.getMessage());
        assertEquals("unknown", ModelResources.jarVersion(loader, POM));
    }

    @Test
    void aResourceOnNeitherIsAnError() throws Exception {
        ClassLoader loader = classpathWith("other.onnx", "x");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelResources.open(loader, "encoder.onnx"));
        assertTrue(e.getMessage().contains("encoder.onnx"), e.getMessage());
    }
}
