package dev.statusstream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statusstream.StatusStream;
import dev.statusstream.cli.Cli;
import dev.statusstream.server.ServerConfig;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.MutableClock;
import dev.statusstream.testing.TestServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One status site for one test: its own database and Redis prefix, a real server node, and the operator's
 * CLI run through its own code path ({@link Cli#create}) against the same database and Redis.
 */
final class Site implements AutoCloseable {
    private final Map<String, String> env;
    private TestNode node;

    private Site(Map<String, String> env) {
        this.env = env;
        this.node = TestNode.start(env);
    }

    /** A site in development mode. */
    static Site start() {
        return start(Map.of());
    }

    /** A site with these extra server settings ({@code STATUS_MODE}, ...). */
    static Site start(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("STATUS_DATABASE_URL", TestServices.newMigratedDatabase());
        env.put("STATUS_REDIS_URL", TestServices.redisUrl());
        env.put("STATUS_REDIS_PREFIX", TestServices.newRedisPrefix());
        return new Site(env);
    }

    String url(String path) {
        return node.url(path);
    }

    int port() {
        return node.port();
    }

    StatusStream status() {
        return node.status();
    }

    /** Runs {@code status <args>} as the operator would and returns what it printed; fails the test if it failed. */
    String cli(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Cli.create(env, new PrintWriter(out), new PrintWriter(err)).run(args);
        assertEquals(0, code, "status " + String.join(" ", args) + " failed: " + err);
        return out.toString().strip();
    }

    /** Stops the server node (its streams end, as in a deploy); the database and Redis stay. */
    void stopServer() {
        node.close();
        node = null;
    }

    /** Starts the server node again on the port it had. */
    void restartServer(int port) {
        Map<String, String> again = new HashMap<>(env);
        again.put("STATUS_PORT", String.valueOf(port));
        node = TestNode.start(again);
    }

    /**
     * A second library instance on the same database and Redis whose clock the test sets: for writing history
     * in the past (a status change three days ago) through the library's ordinary write path.
     */
    PastWriter past() {
        var clock = new MutableClock();
        var library = ServerConfig.from(env, new String[0]).library();
        return new PastWriter(StatusStream.builder().config(library).clock(clock).build(), clock);
    }

    record PastWriter(StatusStream status, MutableClock clock) implements AutoCloseable {
        PastWriter at(Instant instant) {
            clock.set(instant);
            return this;
        }

        @Override
        public void close() {
            status.close();
        }
    }

    @Override
    public void close() {
        if (node != null) {
            node.close();
        }
    }
}
