package io.hybridllm.router.doubles;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/**
 * A real redis-server child process on a free port, with persistence off, that tests can kill and
 * restart on the same port to exercise the router's cache bypass and recovery.
 */
public final class RedisProcess {

    private final int port = TierDouble.freePort();
    private Process process;

    public RedisProcess() {
        start();
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            process = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no"))
                    .redirectErrorStream(true)
                    .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "router-test-redis-" + port + ".log"))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server is required by the router tests but could not be started ("
                    + e.getMessage() + "). Install it, e.g. `apt-get install redis-server`, and make sure it is on PATH.",
                    e);
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited at start with code " + process.exitValue()
                        + "; see " + System.getProperty("java.io.tmpdir") + "/router-test-redis-" + port + ".log");
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

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
