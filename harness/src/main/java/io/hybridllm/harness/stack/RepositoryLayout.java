package io.hybridllm.harness.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Finds the repository root and the artefacts the build leaves in it. */
public final class RepositoryLayout {

    private final Path root;

    private RepositoryLayout(Path root) {
        this.root = root;
    }

    /** Walks up from the working directory to the folder that holds the three function modules. */
    public static RepositoryLayout locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("function-router")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return new RepositoryLayout(dir);
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("run this from inside the hybrid-llm repository (no function-router/ found "
                + "above " + Path.of("").toAbsolutePath() + ")");
    }

    public Path root() {
        return root;
    }

    public Path data(String relative) {
        return root.resolve("data").resolve(relative);
    }

    public Path target(String relative) {
        return root.resolve("target").resolve(relative);
    }

    /** The legacy-layout runner jar that quarkus-amazon-lambda makes for a function module. */
    public Path runnerJar(String module) {
        Path target = root.resolve(module).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no runner jar in " + target
                            + "; build first with ./mvnw -DskipTests package"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + target + "; build first with ./mvnw -DskipTests package", e);
        }
    }
}
