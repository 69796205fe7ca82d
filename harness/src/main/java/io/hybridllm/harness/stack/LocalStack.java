package io.hybridllm.harness.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The three functions started from their runner jars on loopback, wired by real HTTP, as
 * {@code java -jar} processes: the same artefacts that run in Lambda's Java runtime.
 */
public final class LocalStack implements AutoCloseable {

    private final List<ManagedProcess> processes = new ArrayList<>();
    private final String lightUrl;
    private final String heavyUrl;
    private final String routerUrl;

    private LocalStack(Builder builder, RepositoryLayout layout) {
        int lightPort = FreePorts.next();
        int heavyPort = FreePorts.next();
        int routerPort = FreePorts.next();
        lightUrl = "http://127.0.0.1:" + lightPort;
        heavyUrl = "http://127.0.0.1:" + heavyPort;
        routerUrl = "http://127.0.0.1:" + routerPort;
        Path logs = builder.logDir;
        try {
            ManagedProcess light = startFunction(layout, "function-light", lightPort, builder.lightProperties, logs);
            ManagedProcess heavy = startFunction(layout, "function-heavy", heavyPort, builder.heavyProperties, logs);
            List<String> routerProperties = new ArrayList<>(builder.routerProperties);
            routerProperties.add("hybrid.router.light-url=" + lightUrl);
            routerProperties.add("hybrid.router.heavy-url=" + heavyUrl);
            builder.redisUrl.ifPresent(url -> routerProperties.add("quarkus.redis.hosts=" + url));
            ManagedProcess router = startFunction(layout, "function-router", routerPort, routerProperties, logs);
            Duration startup = Duration.ofSeconds(120);
            light.awaitHttpOk(lightUrl + "/q/health/ready", startup);
            heavy.awaitHttpOk(heavyUrl + "/q/health/ready", startup);
            router.awaitHttpOk(routerUrl + "/q/health/ready", startup);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private ManagedProcess startFunction(RepositoryLayout layout, String module, int port, List<String> properties,
                                         Path logs) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx512m");
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        for (String property : properties) {
            command.add("-D" + property);
        }
        command.add("-jar");
        command.add(layout.runnerJar(module).toString());
        ManagedProcess process = ManagedProcess.start(module, command, logs.resolve(module + ".log"));
        processes.add(process);
        return process;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String routerUrl() {
        return routerUrl;
    }

    public String lightUrl() {
        return lightUrl;
    }

    public String heavyUrl() {
        return heavyUrl;
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
    }

    public static final class Builder {
        private Path logDir = RepositoryLayout.locate().target("stack-logs");
        private Optional<String> redisUrl = Optional.empty();
        private final List<String> lightProperties = new ArrayList<>();
        // The bundled demo decoder's context is 256 tokens; long exam questions keep their end.
        private final List<String> heavyProperties = new ArrayList<>(List.of("hybrid.heavy.truncate-long-prompts=true"));
        private final List<String> routerProperties = new ArrayList<>();

        public Builder logDir(Path dir) {
            this.logDir = dir;
            return this;
        }

        /** Redis for the router's cache; without it the router uses its in-process cache. */
        public Builder redis(String url) {
            this.redisUrl = Optional.ofNullable(url);
            return this;
        }

        public Builder lightProperty(String keyValue) {
            lightProperties.add(keyValue);
            return this;
        }

        public Builder heavyProperty(String keyValue) {
            heavyProperties.add(keyValue);
            return this;
        }

        public Builder routerProperty(String keyValue) {
            routerProperties.add(keyValue);
            return this;
        }

        public LocalStack start() {
            return new LocalStack(this, RepositoryLayout.locate());
        }
    }
}
