package dev.statusstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.testing.Closer;
import dev.statusstream.testing.SilentCommit;
import dev.statusstream.testing.TestServices;
import dev.statusstream.testing.Waiting;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two processes' worth of StatusStream on one PostgreSQL and one Redis: what one writes, the other follows. */
class FollowingTest {
    private final Closer open = new Closer();
    private StatusStreamConfig config;

    @BeforeEach
    void config() {
        config = StatusStreamConfig.defaults()
                .withDatabaseUrl(TestServices.newMigratedDatabase())
                .withRedisUrl(TestServices.redisUrl())
                .withRedisPrefix(TestServices.newRedisPrefix())
                .withResyncInterval(java.time.Duration.ofSeconds(30));
    }

    @AfterEach
    void close() throws Exception {
        open.close();
    }

    private StatusStream node(StatusStreamConfig c) {
        StatusStream s = StatusStream.create(c);
        open.add(s);
        return s;
    }

    private static LocalizedText en(String text) {
        return LocalizedText.of("en", text);
    }

    @Test
    void a_follower_receives_another_nodes_write_through_redis_within_a_second() throws Exception {
        StatusStream writer = node(config);
        StatusStream follower = node(config);
        BlockingQueue<Snapshot> seen = new LinkedBlockingQueue<>();
        follower.subscribe(seen::add);

        long start = System.nanoTime();
        long version = writer.addService(NewService.of("api", en("API"))).version();
        Snapshot received = seen.poll(1, TimeUnit.SECONDS);
        assertNotNull(received, "no snapshot within 1 s");
        assertEquals(version, received.version());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1));
        assertEquals(version, follower.snapshot().version());
        assertEquals("API", follower.snapshot().service("api").orElseThrow().label().get("en"));
    }

    @Test
    void without_redis_a_follower_takes_each_commit_from_postgres_notify_and_reloads_only_a_bare_version() throws Exception {
        StatusStreamConfig noRedis = config.withRedisUrl(null);
        StatusStream writer = node(noRedis);
        StatusStream follower = node(noRedis);
        BlockingQueue<Snapshot> seen = new LinkedBlockingQueue<>();
        follower.subscribe(seen::add);
        TestServices.awaitListening(noRedis.databaseUrl());

        long version = writer.addService(NewService.of("api", en("API"))).version();
        Snapshot received = seen.poll(2, TimeUnit.SECONDS);
        assertNotNull(received, "no snapshot after a commit while following PostgreSQL only");
        assertEquals(version, received.version());
        for (Status status : new Status[] {Status.DEGRADED, Status.OUTAGE}) {
            version = writer.setStatus("api", status, null).version();
        }
        while (follower.snapshot().version() < version) {
            assertNotNull(seen.poll(2, TimeUnit.SECONDS), "the follower reaches version " + version);
        }
        // each change came whole in its notification: no rebuild from the tables, no change-log read
        long last = version;
        Waiting.until(Duration.ofSeconds(2), "the writer at its own version", () -> writer.snapshot().version() == last);
        assertEquals(writer.snapshot().toJson(), follower.snapshot().toJson());
        assertEquals(writer.changesSince(0, 10), follower.changesSince(0, 10));
        assertEquals(0, follower.stats().changeLogReads(), "no change-log read for 3 changes");

        // a writer that sent only the version (too big a snapshot, an older writer): the follower reloads it
        long silent = SilentCommit.setStatus(noRedis.databaseUrl(), "api", "operational");
        try (var db = java.sql.DriverManager.getConnection(noRedis.databaseUrl());
                var notify = db.prepareStatement("select pg_notify('statusstream_changes', ?)")) {
            notify.setString(1, Long.toString(silent));
            notify.execute();
        }
        while (follower.snapshot().version() < silent) {
            assertNotNull(seen.poll(2, TimeUnit.SECONDS), "the follower reaches version " + silent);
        }
        assertEquals(Status.OPERATIONAL, follower.snapshot().service("api").orElseThrow().status());
        Waiting.until(Duration.ofSeconds(2), "the change-log read after the reload",
                () -> follower.stats().changeLogReads() == 1);
        assertEquals(writer.changesSince(0, 10), follower.changesSince(0, 10));
        assertEquals(1, follower.stats().changeLogReads(), "one read for the version alone");
    }

    @Test
    void redis_messages_that_are_invalid_stale_or_duplicated_change_nothing_and_are_counted() throws Exception {
        StatusStream writer = node(config);
        StatusStream follower = node(config);
        BlockingQueue<Snapshot> seen = new LinkedBlockingQueue<>();
        follower.subscribe(seen::add);
        writer.addService(NewService.of("api", en("API")));
        Snapshot v1 = seen.poll(2, TimeUnit.SECONDS);
        assertNotNull(v1);
        writer.setStatus("api", Status.OUTAGE, en("Down"));
        Snapshot v2 = seen.poll(2, TimeUnit.SECONDS);
        assertNotNull(v2);

        RedisClient client = RedisClient.create(TestServices.redisUrl());
        try (var connection = client.connect()) {
            var redis = connection.sync();
            redis.publish(config.channel(), "not json at all");
            redis.publish(config.channel(), "{\"statusLabel\":\"outage\"}");
            redis.publish(config.channel(), v1.toJson());
            redis.publish(config.channel(), v2.toJson());
            redis.publish(config.channel(), v2.toJson().replace("\"status\":\"outage\"", "\"status\":\"exploded\""));
        } finally {
            client.shutdown();
        }
        // counted on receipt, judged later on the sync thread: wait for the judgement
        waitFor(() -> follower.stats().messagesReceived() >= 7 && follower.stats().messagesInvalid() >= 3,
                "messages to arrive and be judged");
        SyncStats stats = follower.stats();
        assertEquals(3, stats.messagesInvalid(), stats.toString());
        assertTrue(stats.messagesStale() >= 2, stats.toString());
        assertEquals(v2.version(), follower.snapshot().version());
        assertEquals(Status.OUTAGE, follower.snapshot().service("api").orElseThrow().status());
        assertEquals(null, seen.poll(200, TimeUnit.MILLISECONDS), "no listener call for ignored messages");
    }

    @Test
    void a_redis_message_from_a_version_postgres_never_reached_is_ignored_and_counted() throws Exception {
        StatusStream node = node(config);
        BlockingQueue<Snapshot> seen = new LinkedBlockingQueue<>();
        node.subscribe(seen::add);
        node.addService(NewService.of("api", en("API")));
        Snapshot first = seen.poll(2, TimeUnit.SECONDS);
        assertNotNull(first);
        long invalidBefore = node.stats().messagesInvalid();

        publish(first.toJson().replace("\"version\":1", "\"version\":500"));
        waitFor(() -> node.stats().messagesInvalid() > invalidBefore, "the message to be refused");
        assertEquals(1, node.snapshot().version());
        long next = node.setStatus("api", Status.DEGRADED, null).version();
        Snapshot received = seen.poll(2, TimeUnit.SECONDS);
        assertNotNull(received, "the next real change still arrives");
        assertEquals(next, received.version());
    }

    private void publish(String message) {
        RedisClient client = RedisClient.create(TestServices.redisUrl());
        try (var connection = client.connect()) {
            connection.sync().publish(config.channel(), message);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void every_write_refreshes_the_redis_cache_and_an_older_snapshot_never_replaces_a_newer_one() throws Exception {
        StatusStream writer = node(config);
        writer.addService(NewService.of("api", en("API")));
        writer.setStatus("api", Status.DEGRADED, null);
        RedisClient client = RedisClient.create(TestServices.redisUrl());
        try (var connection = client.connect()) {
            var redis = connection.sync();
            Snapshot cached = Snapshot.fromJson(redis.get(config.cacheKey()));
            assertEquals(2, cached.version());
            long ttl = redis.pttl(config.cacheKey());
            assertTrue(ttl > 50_000 && ttl <= 60_000, "ttl " + ttl);
            // a node that is behind publishes (repair); the cache keeps the newer one
            // (with a time to live, as every cache entry has, so the test leaves nothing behind for good)
            redis.setex(config.cacheKey(), 60, writer.snapshot().toJson().replace("\"version\":2", "\"version\":99"));
            writer.publish();
            assertEquals(99, Snapshot.fromJson(redis.get(config.cacheKey())).version());
        } finally {
            client.shutdown();
        }
    }

    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void a_follower_takes_the_changes_from_the_redis_message_and_reads_the_change_log_only_for_an_old_style_message()
            throws Exception {
        StatusStream writer = node(config);
        StatusStream follower = node(config);
        BlockingQueue<Snapshot> seen = new LinkedBlockingQueue<>();
        follower.subscribe(seen::add);
        long version = writer.addService(NewService.of("api", en("API"))).version();
        for (Status status : new Status[] {Status.DEGRADED, Status.OUTAGE, Status.OPERATIONAL}) {
            version = writer.setStatus("api", status, null).version();
        }
        while (follower.snapshot().version() < version) {
            assertNotNull(seen.poll(2, TimeUnit.SECONDS), "the follower reaches version " + version);
        }
        assertEquals(0, follower.stats().changeLogReads(), "no change-log read for 4 changes");
        assertEquals(writer.changesSince(0, 10), follower.changesSince(0, 10), "the same changes as PostgreSQL's log");
        assertEquals(0, follower.stats().changeLogReads(), "served from memory");

        // an older node publishes the bare snapshot: the follower reads what it lacks from PostgreSQL, once
        long silent = SilentCommit.setStatus(config.databaseUrl(), "api", "degraded");
        Snapshot bare = writer.snapshot();
        assertEquals(silent, bare.version());
        RedisClient client = RedisClient.create(TestServices.redisUrl());
        try (var connection = client.connect()) {
            connection.sync().publish(config.channel(), bare.toJson());
        } finally {
            client.shutdown();
        }
        while (follower.snapshot().version() < silent) {
            assertNotNull(seen.poll(2, TimeUnit.SECONDS), "the follower reaches version " + silent);
        }
        Waiting.until(Duration.ofSeconds(2), "the change-log read after the snapshot",
                () -> follower.stats().changeLogReads() == 1);
        assertEquals(writer.changesSince(0, 10), follower.changesSince(0, 10));
        assertEquals(1, follower.stats().changeLogReads(), "one read for the old-style message");
    }
}
