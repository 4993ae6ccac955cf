package dev.statusstream.server.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.Snapshot;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.server.testing.FaultLogs;
import dev.statusstream.server.testing.NodeProcess;
import dev.statusstream.server.testing.PrivateRedis;
import dev.statusstream.server.testing.ProcessClassesTakeTurns;
import dev.statusstream.server.testing.StreamRecorder;
import dev.statusstream.testing.Closer;
import dev.statusstream.testing.SilentCommit;
import dev.statusstream.testing.TestServices;
import dev.statusstream.testing.Waiting;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Redis stopped, restarted, paused and absent at start-up, under two server nodes that are separate
 * OS processes, with SSE clients on each. The periodic version check is set to a minute so that what
 * is measured is the reaction to Redis itself (and PostgreSQL NOTIFY), not the timer.
 */
@ExtendWith(ProcessClassesTakeTurns.class)
class RedisFaultsTest {
    private static final Duration REDIS_BACK_BOUND = Duration.ofSeconds(5);
    private static final Duration OUTAGE = Duration.ofSeconds(20);

    private final Closer open = new Closer();
    private PrivateRedis redis;
    private String database;
    private String prefix;

    @BeforeEach
    void services() {
        redis = PrivateRedis.start("redis-faults");
        database = TestServices.newMigratedDatabase();
        prefix = TestServices.newRedisPrefix();
    }

    @AfterEach
    void close() throws Exception {
        open.close();
        redis.close();
    }

    private <T extends AutoCloseable> T track(T resource) {
        open.add(resource);
        return resource;
    }

    private NodeProcess node(String name) {
        return track(NodeProcess.start(name, Map.of("STATUS_DATABASE_URL", database, "STATUS_REDIS_URL", redis.url(),
                "STATUS_REDIS_PREFIX", prefix, "STATUS_RESYNC_INTERVAL", "60s", "STATUS_HEARTBEAT", "1s")));
    }

    /** A writer like the CLI: its own pool and Redis client, not following. */
    private StatusStream writer() {
        return track(StatusStream.create(StatusStreamConfig.defaults().withDatabaseUrl(database)
                .withRedisUrl(redis.url()).withRedisPrefix(prefix)));
    }

    private List<StreamRecorder> clients(NodeProcess... nodes) {
        List<StreamRecorder> clients = new ArrayList<>();
        for (NodeProcess node : nodes) {
            for (int i = 0; i < 2; i++) {
                clients.add(track(StreamRecorder.open(node.url("/api/status/stream"))));
            }
        }
        return clients;
    }


    private static long messagesReceived(NodeProcess node) {
        return node.readiness().get("sync").get("messagesReceived").asLong();
    }

    private long cachedVersion() {
        RedisClient client = RedisClient.create(redis.url());
        try (var connection = client.connect()) {
            String json = connection.sync().get(prefix + ":snapshot");
            return json == null ? -1 : Snapshot.fromJson(json).version();
        } finally {
            client.shutdown();
        }
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static LocalizedText en(String text) {
        return LocalizedText.of("en", text);
    }

    @Test
    void after_a_redis_restart_every_client_on_every_node_is_on_the_latest_version_within_five_seconds_on_the_same_stream()
            throws Exception {
        StatusStream writer = writer();
        writer.addService(NewService.of("api", en("API")));
        long start = writer.addService(NewService.of("web", en("Website"))).version();
        NodeProcess a = node("redis-restart-a");
        NodeProcess b = node("redis-restart-b");
        List<StreamRecorder> clients = clients(a, b);
        StreamRecorder.awaitAll(clients, start, Duration.ofSeconds(5));

        redis.stop();
        long stopped = System.nanoTime();
        Waiting.until(Duration.ofSeconds(5), "both nodes to notice Redis is gone",
                () -> a.readiness().get("redis").asText().equals("down") && b.readiness().get("redis").asText().equals("down"));

        long before = System.nanoTime();
        long during = writer.setStatus("api", Status.DEGRADED, en("Slow")).version();
        long committed = System.nanoTime();
        FaultLogs.figure("Redis stopped", "write while Redis is down (returns)", millis(committed - before));
        long reached = StreamRecorder.awaitAll(clients, during, Duration.ofSeconds(3));
        FaultLogs.figure("Redis stopped", "change made meanwhile on all clients, from the write's start (NOTIFY)",
                millis(reached - before));

        // a change nobody announced (its writer died, its NOTIFY was lost): only a resync finds it
        long silent = SilentCommit.setStatus(database, "web", "outage");
        // a realistic outage, long enough for a reconnect back-off to grow (Lettuce's own reaches 30 s)
        Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - stopped) / 1_000_000));
        for (StreamRecorder client : clients) {
            assertEquals(during, client.version(), "before Redis returns nothing but the periodic check could find " + silent);
        }

        redis.start();
        long back = System.nanoTime();
        // wait well past the bound, so that the assertion below, not the wait, decides
        long converged = StreamRecorder.awaitAll(clients, silent, REDIS_BACK_BOUND.plusSeconds(10));
        FaultLogs.figure("Redis stopped 20 s, restarted", "every client on the latest version after Redis returns",
                millis(converged - back));
        assertTrue(converged - back <= REDIS_BACK_BOUND.toNanos(), "every client on every node on the latest version within "
                + REDIS_BACK_BOUND.toSeconds() + " s of Redis returning, not " + millis(converged - back) + " ms");
        for (StreamRecorder client : clients) {
            assertEquals(1, client.connections(), "the client kept its stream");
            assertTrue(client.connected(), "the stream is still open");
            assertEquals("outage", client.lastSnapshot().get("statusLabel").asText());
        }
        Waiting.until(REDIS_BACK_BOUND, "the restarted (empty) Redis to hold the latest snapshot again",
                () -> cachedVersion() == silent);

        // fan-out through Redis works again: each node receives the next change on its subscription
        // (once the writer, which reconnects on its own schedule, can publish again)
        Waiting.until(REDIS_BACK_BOUND, "the writer to reconnect to Redis", () -> writer.health().redis().equals("up"));
        long receivedA = messagesReceived(a);
        long receivedB = messagesReceived(b);
        long after = writer.setStatus("api", Status.OPERATIONAL, null).version();
        StreamRecorder.awaitAll(clients, after, Duration.ofSeconds(2));
        try {
            Waiting.until(Duration.ofSeconds(2), "both nodes to receive the change on the Redis channel",
                    () -> messagesReceived(a) > receivedA && messagesReceived(b) > receivedB);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; writer " + writer.stats() + "; a " + a.readiness()
                    + "; b " + b.readiness(), e);
        }
        FaultLogs.figure("Redis stopped 20 s, restarted", "Redis fan-out works again (writer reconnected too)",
                millis(System.nanoTime() - back));
    }

    @Test
    void a_paused_redis_delays_a_write_at_most_the_redis_timeout_and_streams_keep_heartbeating() throws Exception {
        StatusStream writer = writer();
        writer.addService(NewService.of("api", en("API")));
        NodeProcess a = node("redis-pause-a");
        NodeProcess b = node("redis-pause-b");
        List<StreamRecorder> clients = clients(a, b);
        StreamRecorder.awaitAll(clients, 1, Duration.ofSeconds(5));

        redis.pause();
        try {
            long before = System.nanoTime();
            long version = writer.setStatus("api", Status.OUTAGE, en("Down")).version();
            long took = System.nanoTime() - before;
            FaultLogs.figure("Redis paused (SIGSTOP)", "write (waits for the Redis timeout, 2 s)", millis(took));
            Duration redisTimeout = writer.config().redisTimeout();
            assertTrue(took < redisTimeout.plusSeconds(1).toNanos(), "a write took " + millis(took) + " ms");
            long reached = StreamRecorder.awaitAll(clients, version, Duration.ofSeconds(3));
            FaultLogs.figure("Redis paused (SIGSTOP)", "change on all clients, from the write's start (NOTIFY)",
                    millis(reached - before));

            int[] beats = clients.stream().mapToInt(StreamRecorder::heartbeats).toArray();
            long readyStart = System.nanoTime();
            var ready = a.get("/readyz");
            assertEquals(200, ready.statusCode(), "ready: PostgreSQL answers; Redis only carries the fan-out");
            assertTrue(ready.body().contains("\"redis\":\"down\""), "a hung Redis is reported down: " + ready.body());
            FaultLogs.figure("Redis paused (SIGSTOP)", "/readyz answers", millis(System.nanoTime() - readyStart));
            Thread.sleep(3_000);
            for (int i = 0; i < clients.size(); i++) {
                assertTrue(clients.get(i).heartbeats() >= beats[i] + 2, "client " + i + " kept receiving heartbeats");
                assertTrue(clients.get(i).connected());
            }
        } finally {
            redis.resume();
        }
        long receivedA = messagesReceived(a);
        long receivedB = messagesReceived(b);
        long after = writer.setStatus("api", Status.OPERATIONAL, null).version();
        StreamRecorder.awaitAll(clients, after, Duration.ofSeconds(2));
        Waiting.until(Duration.ofSeconds(3), "both nodes to receive changes on the Redis channel again",
                () -> messagesReceived(a) > receivedA && messagesReceived(b) > receivedB);
        for (StreamRecorder client : clients) {
            assertEquals(1, client.connections());
        }
    }

    @Test
    void a_node_started_while_redis_is_down_serves_from_postgres_and_joins_the_fan_out_when_redis_appears() throws Exception {
        redis.stop();
        StatusStream writer = writer();
        long first = writer.addService(NewService.of("api", en("API"))).version();

        NodeProcess node = node("redis-absent-at-start");
        assertEquals(first, node.version(), "it serves what PostgreSQL has");
        assertEquals("down", node.readiness().get("redis").asText());
        assertEquals(200, node.get("/readyz").statusCode(), "ready: Redis only carries the fan-out");
        assertTrue(node.get("/").body().contains("API"));
        StreamRecorder client = track(StreamRecorder.open(node.url("/api/status/stream")));
        client.awaitVersion(first, Duration.ofSeconds(3));
        long second = writer.setStatus("api", Status.DEGRADED, null).version();
        client.awaitVersion(second, Duration.ofSeconds(3));

        redis.start();
        long back = System.nanoTime();
        Waiting.until(REDIS_BACK_BOUND, "the node to connect to Redis",
                () -> node.readiness().get("redis").asText().equals("up"));
        Waiting.until(REDIS_BACK_BOUND, "the node to put its snapshot in the empty cache", () -> cachedVersion() == second);
        Waiting.until(REDIS_BACK_BOUND, "the writer to connect to Redis", () -> writer.health().redis().equals("up"));
        long received = messagesReceived(node);
        long third = writer.setStatus("api", Status.OPERATIONAL, null).version();
        Waiting.until(Duration.ofSeconds(2), "the node to receive the change on the Redis channel",
                () -> messagesReceived(node) > received);
        FaultLogs.figure("Redis down at node start", "node joined the Redis fan-out after Redis appeared",
                millis(System.nanoTime() - back));
        client.awaitVersion(third, Duration.ofSeconds(2));
        assertEquals(1, client.connections());
    }

    /**
     * A hung Redis accepts the TCP connection, so only the Redis timeout on connect and handshake (2 s
     * each for the command connection and the subscription) bounds a node's start. Measured against a
     * node started with Redis refusing, since a JVM's start takes seconds on a loaded machine.
     */
    @Test
    void a_node_started_while_redis_is_hung_starts_and_serves_in_bounded_time_and_joins_the_fan_out_when_it_resumes()
            throws Exception {
        StatusStream writer = writer();
        long first = writer.addService(NewService.of("api", en("API"))).version();
        Duration redisTimeout = writer.config().redisTimeout();

        redis.stop();
        long start = System.nanoTime();
        NodeProcess refused = node("redis-refusing-at-start");
        long baseline = System.nanoTime() - start;
        FaultLogs.figure("Redis refusing at node start", "node answers /healthz (incl. JVM start)", millis(baseline));
        refused.close();

        redis.start();
        redis.pause();
        NodeProcess node;
        try {
            start = System.nanoTime();
            node = node("redis-hung-at-start");
            long took = System.nanoTime() - start;
            FaultLogs.figure("Redis hung (SIGSTOP) at node start", "node answers /healthz (incl. JVM start)", millis(took));
            assertTrue(took - baseline < redisTimeout.multipliedBy(2).plusSeconds(3).toNanos(),
                    "the node took " + millis(took) + " ms to start, " + millis(baseline) + " ms with Redis refusing");
            assertEquals(first, node.version(), "it serves what PostgreSQL has");
            assertEquals("down", node.readiness().get("redis").asText());
        } finally {
            redis.resume();
        }
        long back = System.nanoTime();
        Waiting.until(REDIS_BACK_BOUND, "the node to connect to Redis",
                () -> node.readiness().get("redis").asText().equals("up"));
        Waiting.until(REDIS_BACK_BOUND, "the writer to use Redis again", () -> writer.health().redis().equals("up"));
        long received = messagesReceived(node);
        long second = writer.setStatus("api", Status.DEGRADED, null).version();
        Waiting.until(REDIS_BACK_BOUND, "the node to receive the change on the Redis channel",
                () -> messagesReceived(node) > received);
        FaultLogs.figure("Redis hung at node start, resumed", "node joined the Redis fan-out", millis(System.nanoTime() - back));
        Waiting.until(Duration.ofSeconds(2), "the node to serve the change", () -> node.version() == second);
    }
}
