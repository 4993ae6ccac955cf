package dev.statusstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.testing.Closer;
import dev.statusstream.testing.SilentCommit;
import dev.statusstream.testing.TestServices;
import io.lettuce.core.RedisClient;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code publish} announces the current version through PostgreSQL in every setup and says what it did
 * on Redis; an observer follows without acting for the servers.
 */
class PublishAndObserveTest {
    private final Closer open = new Closer();
    private String databaseUrl;
    private StatusStreamConfig config;

    @BeforeEach
    void config() {
        databaseUrl = TestServices.newMigratedDatabase();
        // a long version check: only an announcement can make a follower catch up within the test
        config = StatusStreamConfig.defaults().withDatabaseUrl(databaseUrl).withResyncInterval(Duration.ofMinutes(10));
    }

    @AfterEach
    void close() throws Exception {
        open.close();
    }

    private StatusStream node(StatusStream.Builder builder) {
        StatusStream s = builder.build();
        open.add(s);
        return s;
    }

    private StatusStream node(StatusStreamConfig c) {
        return node(StatusStream.builder().config(c));
    }

    private static LocalizedText en(String text) {
        return LocalizedText.of("en", text);
    }

    @Test
    void without_redis_publish_announces_through_postgres_and_a_node_that_missed_a_change_catches_up() throws Exception {
        StatusStream writer = node(config);
        writer.addService(NewService.of("api", en("API")));
        StatusStream follower = node(config);
        BlockingQueue<Snapshot> seen = new LinkedBlockingQueue<>();
        follower.subscribe(seen::add);
        TestServices.awaitListening(databaseUrl);
        long missed = SilentCommit.setStatus(databaseUrl, "api", "outage");
        assertNull(seen.poll(500, TimeUnit.MILLISECONDS), "nothing announced the silent commit");

        Publication publication = writer.publish();
        assertEquals(new Publication(missed, Publication.Redis.NOT_CONFIGURED, null), publication);
        Snapshot caughtUp = seen.poll(3, TimeUnit.SECONDS);
        assertNotNull(caughtUp, "the follower heard the announcement");
        assertEquals(missed, caughtUp.version());
        assertEquals(Status.OUTAGE, caughtUp.service("api").orElseThrow().status());
    }

    @Test
    void publish_says_whether_redis_took_the_snapshot() throws Exception {
        String prefix = TestServices.newRedisPrefix();
        StatusStream writer = node(config.withRedisUrl(TestServices.redisUrl()).withRedisPrefix(prefix));
        writer.addService(NewService.of("api", en("API")));
        assertEquals(Publication.Redis.PUBLISHED, writer.publish().redis());

        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        StatusStream cutOff = node(config.withRedisUrl("redis://127.0.0.1:" + closedPort).withRedisPrefix(prefix)
                .withRedisTimeout(Duration.ofMillis(300)));
        Publication failed = cutOff.publish();
        assertEquals(Publication.Redis.FAILED, failed.redis());
        assertEquals(1, failed.version());
        assertNotNull(failed.redisError());
    }

    @Test
    void an_observer_follows_changes_but_leaves_maintenance_windows_and_the_redis_cache_to_the_servers() throws Exception {
        String prefix = TestServices.newRedisPrefix();
        StatusStreamConfig withRedis = config.withRedisUrl(TestServices.redisUrl()).withRedisPrefix(prefix)
                .withCacheTtl(Duration.ofSeconds(3));
        StatusStream writer = node(withRedis);
        writer.addService(NewService.of("db", en("Database")));
        StatusStream observer = node(StatusStream.builder().config(withRedis).observer(true));
        BlockingQueue<Snapshot> seen = new LinkedBlockingQueue<>();
        observer.subscribe(seen::add);

        Instant starts = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        String slug = writer.openIncident(NewIncident.maintenance(en("Upgrade"), List.of("db"), en("Planned"), starts,
                starts.plus(Duration.ofHours(1)))).value().slug();
        Snapshot scheduled = seen.poll(3, TimeUnit.SECONDS);
        assertNotNull(scheduled, "the observer follows changes");
        assertTrue(scheduled.incident(slug).isPresent());

        // a follower refreshes the cache every second here (a third of the TTL); an observer must not
        Thread.sleep(Duration.between(Instant.now(), starts).toMillis() + 3500);
        assertEquals(IncidentState.SCHEDULED, writer.incident(slug).orElseThrow().state(), "the observer did not start the window");
        assertNull(cachedSnapshot(prefix), "the observer did not refresh the cache, so it expired");

        StatusStream server = node(withRedis);
        server.follow();
        FollowingTest.waitFor(() -> writer.incident(slug).orElseThrow().state() == IncidentState.IN_PROGRESS,
                "a following server to start the window");
    }

    private static String cachedSnapshot(String prefix) {
        RedisClient client = RedisClient.create(TestServices.redisUrl());
        try (var connection = client.connect()) {
            return connection.sync().get(prefix + ":snapshot");
        } finally {
            client.shutdown();
        }
    }
}
