package dev.statusstream.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.internal.Json;
import dev.statusstream.testing.Waiting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server node as its own OS process ({@code dev.statusstream.server.Main} on the test classpath),
 * so a test can kill it with SIGKILL or cut it off from its dependencies for real. Settings are the
 * server's {@code STATUS_*} names; the port is picked here and the output goes to
 * {@code target/fault-logs/<name>.log}. Not thread-safe.
 */
public final class NodeProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private NodeProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts a node and waits until {@code /healthz} answers. */
    public static NodeProcess start(String name, Map<String, String> settings) {
        int port = FreePort.pick();
        Path log = FaultLogs.file(name);
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-cp", System.getProperty("java.class.path"), "dev.statusstream.server.Main"));
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("STATUS_"));
        Map<String, String> all = new HashMap<>(settings);
        all.putIfAbsent("STATUS_HOST", "127.0.0.1");
        all.put("STATUS_PORT", Integer.toString(port));
        all.putIfAbsent("STATUS_DATA_DIR", FaultLogs.directory(name + "-data").toString());
        env.putAll(all);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + name, e);
        }
        ChildProcesses.register(process);
        var node = new NodeProcess(name, port, process, log);
        try {
            Waiting.until(Duration.ofSeconds(60), "node " + name + " to answer /healthz", () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("node " + name + " exited with " + process.exitValue());
                }
                return node.statusOf("/healthz") == 200;
            });
        } catch (AssertionError e) {
            process.destroyForcibly();
            throw new AssertionError(e.getMessage() + "\n" + FaultLogs.tail(log, 30), e);
        }
        return node;
    }

    private static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public String name() {
        return name;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public Path log() {
        return log;
    }

    /** A GET on this node; a connection failure is an {@link UncheckedIOException}. */
    public HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url(path) + " on node " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int statusOf(String path) {
        try {
            return get(path).statusCode();
        } catch (UncheckedIOException e) {
            return -1;
        }
    }

    /** The body of {@code /readyz} (whatever its status). */
    public JsonNode readiness() {
        try {
            return Json.mapper().readTree(get("/readyz").body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version {@code /api/status} serves. */
    public long version() {
        try {
            return Json.mapper().readTree(get("/api/status").body()).get("version").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: the process gets no chance to end its streams or say goodbye. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** SIGTERM without waiting: see {@link #awaitExit}. */
    public void terminate() {
        process.destroy();
    }

    /** Whether the process has exited within {@code timeout}. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void waitForExit() {
        try {
            process.waitFor(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, as an orchestrator stops a node; SIGKILL if it has not gone within 15 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        long start = System.nanoTime();
        process.destroy();
        waitForExit();
        System.out.printf("node %s stopped %d ms after SIGTERM%n", name, (System.nanoTime() - start) / 1_000_000);
        if (process.isAlive()) {
            threadDump();
            process.destroyForcibly();
            waitForExit();
            throw new AssertionError("node " + name + " did not stop within 15 s of SIGTERM; threads in " + log);
        }
    }

    private void threadDump() {
        try {
            Path jcmd = Path.of(java()).resolveSibling("jcmd");
            new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start().waitFor(20, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no dump then
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
