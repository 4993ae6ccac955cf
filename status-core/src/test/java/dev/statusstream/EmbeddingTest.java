package dev.statusstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.statusstream.testing.Closer;
import dev.statusstream.testing.TestServices;
import io.lettuce.core.RedisClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The library as a host application uses it: its own resources or ours, change listeners that see
 * every change, and resuming from a stored version. Real PostgreSQL and Redis.
 */
class EmbeddingTest {
    private static final long WAIT_SECONDS = 5;
    private final Closer open = new Closer();
    /** One database for the class (each test adds its own services): creating and dropping one is slow. */
    private static String databaseUrl;
    private StatusStreamConfig config;

    @BeforeAll
    static void database() {
        databaseUrl = TestServices.newMigratedDatabase();
    }

    @BeforeEach
    void config() {
        config = StatusStreamConfig.defaults()
                .withDatabaseUrl(databaseUrl)
                .withRedisUrl(TestServices.redisUrl())
                .withRedisPrefix(TestServices.newRedisPrefix())
                .withResyncInterval(Duration.ofSeconds(30));
    }

    @AfterEach
    void close() throws Exception {
        open.close();
    }

    private <T extends AutoCloseable> T keep(T resource) {
        open.add(resource);
        return resource;
    }

    private static LocalizedText en(String text) {
        return LocalizedText.of("en", text);
    }

    private static SnapshotChange next(BlockingQueue<SnapshotChange> queue) throws InterruptedException {
        SnapshotChange change = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(change, "no change delivered within " + WAIT_SECONDS + " s");
        return change;
    }

    private static List<Long> versions(List<ChangeEvent> changes) {
        return changes.stream().map(ChangeEvent::version).toList();
    }

    @Test
    void a_change_listener_gets_each_new_snapshot_with_the_change_that_made_it() throws Exception {
        StatusStream status = keep(StatusStream.create(config));
        BlockingQueue<SnapshotChange> seen = new LinkedBlockingQueue<>();
        keep(status.subscribeChanges(seen::add));
        long before = status.snapshot().version();

        long added = status.addService(NewService.of("each", en("API"))).version();
        SnapshotChange first = next(seen);
        assertEquals(before, first.previousVersion());
        assertEquals(added, first.version());
        assertEquals(List.of("service.created"), first.changes().stream().map(ChangeEvent::type).toList());
        assertTrue(first.complete());

        long down = status.setStatus("each", Status.OUTAGE, en("Down")).version();
        SnapshotChange second = next(seen);
        assertEquals(added, second.previousVersion());
        assertEquals(down, second.version());
        assertEquals(Status.OUTAGE, second.snapshot().service("each").orElseThrow().status());
        assertEquals("each", second.changes().get(0).subject());
        assertTrue(second.complete());
    }

    @Test
    void changes_missed_while_redis_messages_were_lost_arrive_with_the_next_snapshot() throws Exception {
        // the writer publishes on another channel: this node hears of its commits only through PostgreSQL
        StatusStream writer = keep(StatusStream.create(config.withRedisPrefix(TestServices.newRedisPrefix())));
        StatusStream node = keep(StatusStream.create(config));
        BlockingQueue<SnapshotChange> seen = new LinkedBlockingQueue<>();
        keep(node.subscribeChanges(seen::add));
        long first = node.addService(NewService.of("gap-api", en("API"))).version();
        assertEquals(first, next(seen).version());

        // hold this node's sync thread while three changes commit elsewhere, so it jumps over them
        var held = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        keep(node.subscribe(snapshot -> {
            held.countDown();
            await(release);
        }));
        node.setStatus("gap-api", Status.DEGRADED, null);
        assertTrue(held.await(WAIT_SECONDS, TimeUnit.SECONDS));
        long v3 = writer.setStatus("gap-api", Status.OUTAGE, en("Down")).version();
        writer.addService(NewService.of("gap-web", en("Website")));
        long v5 = writer.setStatus("gap-web", Status.MAINTENANCE, null).version();
        assertEquals(first + 4, v5);
        release.countDown();

        List<ChangeEvent> received = new ArrayList<>();
        SnapshotChange last;
        do {
            last = next(seen);
            assertTrue(last.complete(), "every delivery carries all its changes: " + last);
            received.addAll(last.changes());
        } while (last.version() < v5);
        // whether the node then takes each commit's message in turn or jumps to the newest snapshot (both
        // happen, depending on how the notifications queued), the listener gets every change once, in order
        assertEquals(List.of(first + 1, v3, v3 + 1, v5), versions(received));
        assertEquals(Status.MAINTENANCE, last.snapshot().service("gap-web").orElseThrow().status());
    }

    @Test
    void resuming_after_a_stored_version_delivers_the_current_snapshot_with_everything_since() throws Exception {
        StatusStream before = StatusStream.create(config);
        long seenBefore = before.addService(NewService.of("resume-api", en("API"))).version();
        before.setStatus("resume-api", Status.DEGRADED, null);
        long latest = before.setStatus("resume-api", Status.OPERATIONAL, null).version();
        before.close();

        StatusStream after = keep(StatusStream.create(config));
        BlockingQueue<SnapshotChange> seen = new LinkedBlockingQueue<>();
        keep(after.subscribeChanges(seenBefore, seen::add));
        SnapshotChange resumed = next(seen);
        assertEquals(seenBefore, resumed.previousVersion());
        assertEquals(latest, resumed.version());
        assertEquals(List.of(seenBefore + 1, latest), versions(resumed.changes()));

        BlockingQueue<SnapshotChange> upToDate = new LinkedBlockingQueue<>();
        keep(after.subscribeChanges(latest, upToDate::add));
        assertNull(upToDate.poll(300, TimeUnit.MILLISECONDS), "a listener that is up to date gets nothing at once");
        assertThrows(ValidationException.class, () -> after.subscribeChanges(-1, upToDate::add));
    }

    @Test
    void a_closed_subscription_gets_nothing_more_and_a_failing_listener_does_not_stop_others() throws Exception {
        StatusStream status = keep(StatusStream.create(config));
        BlockingQueue<SnapshotChange> closed = new LinkedBlockingQueue<>();
        BlockingQueue<SnapshotChange> kept = new LinkedBlockingQueue<>();
        keep(status.subscribeChanges(change -> {
            throw new IllegalStateException("a broken listener");
        }));
        Subscription subscription = status.subscribeChanges(closed::add);
        keep(status.subscribeChanges(kept::add));
        status.addService(NewService.of("closing-api", en("API")));
        assertNotNull(next(kept));
        assertNotNull(next(closed));
        subscription.close();
        subscription.close();
        status.setStatus("closing-api", Status.OUTAGE, null);
        assertNotNull(next(kept));
        assertNull(closed.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void ensure_service_adds_a_missing_service_once_and_leaves_an_existing_one_alone() {
        StatusStream status = keep(StatusStream.create(config.withRedisUrl(null)));
        Service added = status.ensureService(NewService.of("ensure-api", en("API")));
        status.setStatus("ensure-api", Status.DEGRADED, null);
        long version = status.snapshot().version();

        Service again = status.ensureService(NewService.of("ensure-api", en("Another label")));
        assertEquals(added.label(), again.label());
        assertEquals(Status.DEGRADED, again.status());
        assertEquals(version, status.snapshot().version(), "no write for a service that exists");
    }

    @Test
    void started_without_its_database_the_log_says_why_not_only_that_the_pool_timed_out() {
        String missing = databaseUrl.replaceFirst("/ss_test_[a-z0-9_]+", "/ss_missing_" + System.nanoTime());
        var err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            keep(StatusStream.builder().config(config.withRedisUrl(null).withDatabaseUrl(missing)
                    .withDatabaseTimeout(Duration.ofMillis(500))).requireDatabaseAtStart(false).build());
        } finally {
            System.setErr(original);
        }
        String log = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        String name = missing.replaceAll(".*/(ss_missing_[0-9]+).*", "$1");
        assertTrue(log.contains("cannot use PostgreSQL at start (FATAL: database \"" + name + "\" does not exist)"), log);
    }

    @Test
    void the_hosts_data_source_and_redis_client_stay_open_after_close() throws Exception {
        var hikari = new HikariConfig();
        hikari.setJdbcUrl(databaseUrl);
        hikari.setMaximumPoolSize(4);
        HikariDataSource dataSource = keep(new HikariDataSource(hikari));
        RedisClient redis = RedisClient.create(TestServices.redisUrl());
        open.add(redis::shutdown);

        StatusStream status = StatusStream.builder().dataSource(dataSource).redisClient(redis)
                .config(StatusStreamConfig.defaults().withRedisPrefix(config.redisPrefix())).build();
        BlockingQueue<Snapshot> seen = new LinkedBlockingQueue<>();
        status.subscribe(seen::add);
        long version = status.addService(NewService.of("host-api", en("API"))).version();
        assertEquals(version, seen.poll(WAIT_SECONDS, TimeUnit.SECONDS).version());
        status.close();

        assertFalse(dataSource.isClosed());
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from statusstream_services where id = 'host-api'")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
        }
        waitFor(() -> dataSource.getHikariPoolMXBean().getActiveConnections() == 0,
                "the LISTEN connection to go back to the host's pool");
        try (var connection = redis.connect()) {
            assertEquals("PONG", connection.sync().ping());
        }
    }

    @Test
    void the_pool_and_redis_client_it_opened_itself_are_closed() throws Exception {
        long redisThreads = lettuceThreads();
        StatusStream status = StatusStream.create(config);
        status.subscribe(snapshot -> { });
        status.addService(NewService.of("own-api", en("API")));
        assertTrue(connectionsTo(databaseUrl) > 0);
        assertTrue(lettuceThreads() > 0, "its own Redis client runs threads");
        status.close();

        waitFor(() -> connectionsTo(databaseUrl) == 0, "its pool's connections to close");
        waitFor(() -> lettuceThreads() <= redisThreads, "its Redis client's threads to end");
    }

    private static long lettuceThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("lettuce-")).count();
    }

    /** Sessions on this test's database other than the one asking. */
    private static int connectionsTo(String url) {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from pg_stat_activity "
                        + "where datname = current_database() and pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        FollowingTest.waitFor(condition, what);
    }
}
