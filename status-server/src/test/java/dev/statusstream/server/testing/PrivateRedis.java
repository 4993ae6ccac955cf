package dev.statusstream.server.testing;

import dev.statusstream.testing.Waiting;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of the test's own, on a free loopback port, that the test may stop, start
 * again on the same port, and pause ({@code SIGSTOP}: hung, not refusing). Never the shared Redis.
 * Not thread-safe: one test drives it.
 */
public final class PrivateRedis implements AutoCloseable {
    private final int port = FreePort.pick();
    private final Path log;
    private Process process;
    private boolean paused;

    private PrivateRedis(Path log) {
        this.log = log;
    }

    /** Starts one; its output goes to {@code target/fault-logs/<name>-redis.log}. */
    public static PrivateRedis start(String name) {
        var redis = new PrivateRedis(FaultLogs.file(name + "-redis"));
        redis.start();
        return redis;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Starts the server (again) on the same port and waits until it answers PING. */
    public void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is already running");
        }
        try {
            process = new ProcessBuilder(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--protected-mode", "no", "--loglevel", "warning",
                    "--dir", log.getParent().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run redis-server (install it: apt-get install redis-server)", e);
        }
        ChildProcesses.register(process);
        Waiting.until(Duration.ofSeconds(10), "redis-server to answer on port " + port, this::answersPing);
    }

    /** Stops the server the way an operator would (SIGTERM) and waits until it is gone. */
    public void stop() {
        resume();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP: the server keeps its connections and its port but answers nothing. */
    public void pause() {
        Signals.send(process, "STOP");
        paused = true;
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        if (paused && process.isAlive()) {
            Signals.send(process, "CONT");
        }
        paused = false;
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.readNBytes(reply, 0, 7);
            return new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static String binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("redis-server is not on the PATH; the fault tests start their own "
                + "(install it: apt-get install redis-server)");
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
