package dev.statusstream.server.testing;

import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.server.ServerConfig;
import dev.statusstream.server.StatusServer;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * A real server node for tests: a {@link StatusStream} and a {@link StatusServer} on a random port,
 * built by the same factory as {@code Main}. Settings are the server's {@code STATUS_*} names.
 */
public final class TestNode implements AutoCloseable {
    private final StatusStream status;
    private final StatusServer server;

    private TestNode(StatusStream status, StatusServer server) {
        this.status = status;
        this.server = server;
    }

    /** A node with these settings; {@code STATUS_PORT} defaults to 0 and the host to 127.0.0.1. */
    public static TestNode start(Map<String, String> settings) {
        return start(settings, Clock.systemUTC());
    }

    /** A node whose library and pages tell time by {@code clock} (sessions, sign-in throttling, audit times, the page's relative times; a {@code MutableClock} the test moves). */
    public static TestNode start(Map<String, String> settings, Clock clock) {
        Map<String, String> env = new HashMap<>(settings);
        env.putIfAbsent("STATUS_PORT", "0");
        env.putIfAbsent("STATUS_HOST", "127.0.0.1");
        ServerConfig config = ServerConfig.from(env, new String[0]);
        StatusStreamConfig library = config.library();
        StatusStream status = StatusStream.builder().config(library).clock(clock).build();
        try {
            return new TestNode(status, StatusServer.create(status, config).start());
        } catch (RuntimeException e) {
            status.close();
            throw e;
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    public int port() {
        return server.port();
    }

    public StatusStream status() {
        return status;
    }

    public StatusServer server() {
        return server;
    }

    /** Waits until this node serves {@code version} or newer (a write is applied on the sync thread). */
    public void awaitVersion(long version) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        while (status.snapshot().version() < version) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("node still serves version " + status.snapshot().version() + ", not " + version);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    @Override
    public void close() {
        server.close();
        status.close();
    }
}
