package dev.statusstream.server.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.server.testing.FaultLogs;
import dev.statusstream.server.testing.FreePort;
import dev.statusstream.server.testing.PrivateRedis;
import dev.statusstream.server.testing.ProcessClassesTakeTurns;
import dev.statusstream.server.testing.StreamRecorder;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.Closer;
import dev.statusstream.testing.SilentCommit;
import dev.statusstream.testing.TestServices;
import dev.statusstream.testing.Waiting;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A writer that commits and never publishes loses nothing: PostgreSQL's NOTIFY, delivered at commit,
 * brings every node the change at once; when that is lost as well, the periodic version check finds
 * it within {@code STATUS_RESYNC_INTERVAL}. The nodes run in this JVM (each with its own PostgreSQL and
 * Redis connections, so nothing reaches them but NOTIFY, Redis and their own checks); the writer that is
 * killed is a process of its own.
 */
@ExtendWith(ProcessClassesTakeTurns.class)
class LostPublishTest {
    private final Closer open = new Closer();
    private String database;
    private String prefix;
    private StatusStream setup;

    @BeforeEach
    void start() {
        database = TestServices.newMigratedDatabase();
        prefix = TestServices.newRedisPrefix();
        setup = track(StatusStream.create(StatusStreamConfig.defaults().withDatabaseUrl(database)));
        setup.addService(NewService.of("api", LocalizedText.of("en", "API")));
    }

    @AfterEach
    void close() throws Exception {
        open.close();
    }

    private <T extends AutoCloseable> T track(T resource) {
        open.add(resource);
        return resource;
    }

    private List<StreamRecorder> nodesWithClients(String resyncInterval) {
        Map<String, String> env = Map.of("STATUS_DATABASE_URL", database, "STATUS_REDIS_URL", TestServices.redisUrl(),
                "STATUS_REDIS_PREFIX", prefix, "STATUS_RESYNC_INTERVAL", resyncInterval);
        List<StreamRecorder> clients = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            TestNode node = track(TestNode.start(env));
            for (int i = 0; i < 2; i++) {
                clients.add(track(StreamRecorder.open(node.url("/api/status/stream"))));
            }
        }
        for (StreamRecorder client : clients) {
            client.awaitVersion(1, Duration.ofSeconds(3));
        }
        return clients;
    }


    @Test
    void a_write_whose_redis_publish_is_impossible_reaches_every_node_through_postgres_notify() {
        List<StreamRecorder> clients = nodesWithClients("60s");
        String nowhere = "redis://127.0.0.1:" + FreePort.pick();
        try (StatusStream writer = StatusStream.create(StatusStreamConfig.defaults().withDatabaseUrl(database)
                .withRedisUrl(nowhere).withRedisPrefix(prefix))) {
            long start = System.nanoTime();
            long version = writer.setStatus("api", Status.OUTAGE, null).version();
            assertEquals(1, writer.stats().publishFailures(), "the publish failed, the write did not");
            long reached = StreamRecorder.awaitAll(clients, version, Duration.ofSeconds(3));
            FaultLogs.figure("Publish impossible after commit", "every client on the change (NOTIFY)", (reached - start) / 1e6);
        }
    }

    @Test
    void a_writer_killed_between_its_commit_and_its_publish_loses_nothing() throws Exception {
        List<StreamRecorder> clients = nodesWithClients("60s");
        // the writer's own Redis, paused after it connected: its publish hangs, and it is killed meanwhile
        PrivateRedis hung = track(PrivateRedis.start("killed-writer"));
        Path log = FaultLogs.file("killed-writer");
        var builder = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), "dev.statusstream.server.testing.CrashingWriter")
                .redirectError(log.toFile());
        builder.environment().putAll(Map.of("STATUS_DATABASE_URL", database, "STATUS_REDIS_URL", hung.url(),
                "STATUS_REDIS_PREFIX", prefix));
        Process writer = builder.start();
        try {
            BlockingQueue<String> output = new LinkedBlockingQueue<>();
            Thread.ofVirtual().start(() -> new BufferedReader(new InputStreamReader(writer.getInputStream(),
                    StandardCharsets.UTF_8)).lines().forEach(output::add));
            assertEquals("ready", output.poll(30, TimeUnit.SECONDS), FaultLogs.tail(log, 20));
            long before = SilentCommit.currentVersion(database);
            hung.pause();
            Writer in = new OutputStreamWriter(writer.getOutputStream(), StandardCharsets.UTF_8);
            in.write("api outage\n");
            in.flush();
            Waiting.until(Duration.ofSeconds(10), "the writer's commit", () -> SilentCommit.currentVersion(database) > before);
            long committed = System.nanoTime();
            writer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertTrue(output.isEmpty(), "killed before its write returned: " + output);

            long reached = StreamRecorder.awaitAll(clients, before + 1, Duration.ofSeconds(3));
            FaultLogs.figure("Writer SIGKILLed after commit, before publish", "every client on the change (NOTIFY)",
                    (reached - committed) / 1e6);
            for (StreamRecorder client : clients) {
                assertEquals("outage", client.lastSnapshot().get("statusLabel").asText());
            }
        } finally {
            writer.destroyForcibly();
            hung.resume();
        }
    }

    @Test
    void a_commit_announced_neither_by_redis_nor_by_notify_is_found_within_the_resync_interval() {
        List<StreamRecorder> clients = nodesWithClients("2s");
        long start = System.nanoTime();
        long version = SilentCommit.setStatus(database, "api", "degraded");
        long reached = StreamRecorder.awaitAll(clients, version, Duration.ofSeconds(3));
        FaultLogs.figure("Commit with no publish and no NOTIFY", "every client on it (resync interval 2 s)",
                (reached - start) / 1e6);
        assertTrue(reached - start < Duration.ofMillis(2_500).toNanos(), "found within the 2 s interval (and a reload)");
    }
}
