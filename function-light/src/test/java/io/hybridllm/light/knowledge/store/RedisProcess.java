package io.hybridllm.light.knowledge.store;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real redis-server child process on a free port with append-only-file persistence in a temporary
 * directory, so a test can kill it (SIGKILL, as a crash) and start it again on the same port and
 * data to show the knowledge base survives.
 */
public final class RedisProcess {

    private final int port = freePort();
    private final Path dir;
    private Process process;

    public RedisProcess() {
        try {
            dir = Files.createTempDirectory("light-test-redis-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        start();
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        Path log = dir.resolve("redis.log");
        try {
            // appendfsync always: every acknowledged write is on disk before a kill can lose it.
            process = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--dir", dir.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "always"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server is required by these tests but could not be started ("
                    + e.getMessage() + "); install it, e.g. `apt-get install redis-server`", e);
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited at start with code " + process.exitValue()
                        + "; see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not listen on " + port + " within 10s");
    }

    /** Kills the server the hard way (SIGKILL), as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
