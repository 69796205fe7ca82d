package io.hybridllm.harness.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A private redis-server on a loopback port, keeping nothing on disk, so a run never sees
 * another run's entries and a test may kill it.
 */
public final class RedisProcess implements AutoCloseable {

    private final int port;
    private final Path logDir;
    private ManagedProcess process;

    private RedisProcess(int port, Path logDir) {
        this.port = port;
        this.logDir = logDir;
    }

    /** The redis-server binary on PATH, if any. */
    public static Optional<Path> binary() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        for (String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static RedisProcess start(Path logDir) {
        RedisProcess redis = new RedisProcess(FreePorts.next(), logDir);
        redis.restart();
        return redis;
    }

    /** Starts (again) on the same port, as a Redis coming back after a crash would. */
    public void restart() {
        Path binary = binary().orElseThrow(() -> new IllegalStateException(
                "redis-server not found on PATH; install it (Debian: apt-get install -y redis-server)"));
        process = ManagedProcess.start("redis", List.of(binary.toString(), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"),
                logDir.resolve("redis-" + port + ".log"));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (ping()) {
                return;
            }
            ManagedProcess.sleep(50);
        }
        throw new IllegalStateException("redis-server did not answer PING on port " + port + "\n" + process.tail());
    }

    public boolean ping() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.read(reply);
            return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills redis-server at once, as a crash would. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
