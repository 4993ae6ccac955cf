package dev.statusstream.server.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.internal.Json;
import dev.statusstream.server.testing.SseClient;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.SilentCommit;
import dev.statusstream.testing.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code Last-Event-ID} and {@code ?lastEventId=}: what a reconnecting client is sent. */
class StreamResumeTest {
    private static final Duration WAIT = Duration.ofSeconds(3);
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(),
                "STATUS_REDIS_URL", TestServices.redisUrl(), "STATUS_REDIS_PREFIX", TestServices.newRedisPrefix()));
        node.status().addService(NewService.of("api", LocalizedText.of("en", "Public API")));
        node.status().addService(NewService.of("web", LocalizedText.of("en", "Website")));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** Makes a change and waits until the stream serves it; returns its version. */
    private static long change(Status status) throws InterruptedException {
        long version = node.status().setStatus("api", status, LocalizedText.of("en", "now " + status)).version();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (node.server().hub().version() < version && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(version, node.server().hub().version(), "the stream serves the change");
        return version;
    }

    private static SseClient open(String lastEventId) throws Exception {
        return SseClient.open(node.url("/api/status/stream"), "Last-Event-ID", lastEventId);
    }

    private static long starts(TestNode on, StreamStats.Start outcome) {
        return on.server().hub().stats().starts(outcome);
    }

    @Test
    void a_client_that_is_up_to_date_gets_nothing_resent_then_the_next_change() throws Exception {
        long current = change(Status.DEGRADED);
        long upToDate = starts(node, StreamStats.Start.UP_TO_DATE);
        try (SseClient client = open(Long.toString(current))) {
            assertEquals(200, client.status());
            assertEquals(upToDate + 1, starts(node, StreamStats.Start.UP_TO_DATE), "counted as up to date");
            assertNull(client.next(Duration.ofMillis(500)), "nothing is resent to an up-to-date client");
            assertFalse(client.retries().isEmpty(), "the retry hint is still sent");
            long next = change(Status.OPERATIONAL);
            SseClient.Event event = client.expect(WAIT);
            assertEquals("message", event.event());
            assertEquals(Long.toString(next), event.id());
        }
    }

    @Test
    void a_client_behind_gets_each_missed_change_as_a_named_event_then_the_snapshot() throws Exception {
        long seen = change(Status.OUTAGE);
        long first = node.status().addService(NewService.of("db-" + seen, LocalizedText.of("en", "Database"))).version();
        change(Status.DEGRADED);
        long current = change(Status.OPERATIONAL);
        long replayed = starts(node, StreamStats.Start.REPLAYED);
        try (SseClient client = open(Long.toString(seen))) {
            List<String> expected = List.of("service", "service", "service");
            for (int i = 0; i < expected.size(); i++) {
                SseClient.Event missed = client.expect(WAIT);
                assertEquals(expected.get(i), missed.event());
                assertEquals(Long.toString(first + i), missed.id());
                JsonNode change = Json.mapper().readTree(missed.data());
                assertEquals(first + i, change.get("version").asLong());
            }
            SseClient.Event snapshot = client.expect(WAIT);
            assertEquals("message", snapshot.event(), "the latest snapshot ends the replay");
            assertEquals(Long.toString(current), snapshot.id());
            assertEquals(current, Json.mapper().readTree(snapshot.data()).get("version").asLong());
            assertNull(client.next(Duration.ofMillis(200)), "nothing after the snapshot");
            assertEquals(replayed + 1, starts(node, StreamStats.Start.REPLAYED), "counted as replayed");
        }
    }

    @Test
    void the_query_parameter_works_on_first_connect_and_the_header_wins_over_it() throws Exception {
        long seen = change(Status.DEGRADED);
        long current = change(Status.OPERATIONAL);
        try (SseClient client = SseClient.open(node.url("/api/status/stream?lastEventId=" + seen))) {
            SseClient.Event missed = client.expect(WAIT);
            assertEquals("service", missed.event());
            assertEquals(Long.toString(current), missed.id());
            SseClient.Event snapshot = client.expect(WAIT);
            assertEquals("message", snapshot.event());
            assertEquals(Long.toString(current), snapshot.id());
        }
        try (SseClient client = SseClient.open(node.url("/api/status/stream?lastEventId=" + seen),
                "Last-Event-ID", Long.toString(current))) {
            assertNull(client.next(Duration.ofMillis(300)), "the header said up to date");
        }
    }

    @Test
    void garbage_negative_huge_and_future_ids_get_the_latest_snapshot_and_never_an_error() throws Exception {
        long current = change(Status.MAINTENANCE);
        long unknown = starts(node, StreamStats.Start.UNKNOWN_ID);
        List<String> ids = List.of("abc", "-1", "12abc", " ", "99999999999999999999999", "9223372036854775807",
                Long.toString(current + 1000), "1e3", "0x10");
        for (String id : ids) {
            try (SseClient client = open(id)) {
                assertEquals(200, client.status(), id);
                SseClient.Event event = client.expect(WAIT);
                assertEquals("message", event.event(), id);
                assertEquals(Long.toString(current), event.id(), id);
                assertTrue(event.data().startsWith("{\"statusLabel\""), id);
            }
        }
        assertEquals(unknown + ids.size(), starts(node, StreamStats.Start.UNKNOWN_ID), "each counted as an unknown id");
    }

    @Test
    void a_client_further_behind_than_the_replay_limit_gets_the_latest_snapshot_alone() throws Exception {
        long seen = change(Status.OPERATIONAL);
        for (int i = 0; i < StreamResume.MAX_REPLAY; i++) {
            node.status().setStatus("web", i % 2 == 0 ? Status.DEGRADED : Status.OPERATIONAL, null);
        }
        long current = change(Status.DEGRADED);
        assertTrue(current - seen > StreamResume.MAX_REPLAY);
        long fallback = starts(node, StreamStats.Start.SNAPSHOT_FALLBACK);
        try (SseClient client = open(Long.toString(seen))) {
            SseClient.Event event = client.expect(WAIT);
            assertEquals("message", event.event(), "no backlog of " + (current - seen) + " changes, the snapshot");
            assertEquals(Long.toString(current), event.id());
            assertNull(client.next(Duration.ofMillis(300)), "and nothing else");
            assertEquals(fallback + 1, starts(node, StreamStats.Start.SNAPSHOT_FALLBACK), "counted as a snapshot fallback");
        }
    }

    /** A node started after the changes: they are not in its memory, only in PostgreSQL's change log. */
    @Test
    void changes_a_node_never_held_in_memory_are_replayed_from_postgres_and_a_gap_in_the_log_gives_the_snapshot()
            throws Exception {
        String database = TestServices.newMigratedDatabase();
        Map<String, String> env = Map.of("STATUS_DATABASE_URL", database, "STATUS_REDIS_URL", TestServices.redisUrl(),
                "STATUS_REDIS_PREFIX", TestServices.newRedisPrefix());
        long seen;
        List<Long> missed = new ArrayList<>();
        try (TestNode before = TestNode.start(env)) {
            seen = before.status().addService(NewService.of("api", LocalizedText.of("en", "Public API"))).version();
            for (Status status : List.of(Status.DEGRADED, Status.OUTAGE, Status.OPERATIONAL)) {
                missed.add(before.status().setStatus("api", status, null).version());
            }
        }
        try (TestNode late = TestNode.start(env)) {
            long current = missed.getLast();
            assertEquals(current, late.server().hub().version());
            long replayed = starts(late, StreamStats.Start.REPLAYED);
            try (SseClient client = SseClient.open(late.url("/api/status/stream"), "Last-Event-ID", Long.toString(seen))) {
                for (long version : missed) {
                    SseClient.Event event = client.expect(WAIT);
                    assertEquals("service", event.event());
                    assertEquals(Long.toString(version), event.id());
                }
                SseClient.Event snapshot = client.expect(WAIT);
                assertEquals("message", snapshot.event());
                assertEquals(Long.toString(current), snapshot.id());
                assertEquals(replayed + 1, starts(late, StreamStats.Start.REPLAYED));
            }

            // an id within range whose following change the log no longer has (rows removed): the snapshot alone
            try (Connection c = DriverManager.getConnection(database);
                 PreparedStatement delete = c.prepareStatement("delete from statusstream_change_log where version = ?")) {
                delete.setLong(1, missed.getFirst());
                assertEquals(1, delete.executeUpdate());
            }
            long fallback = starts(late, StreamStats.Start.SNAPSHOT_FALLBACK);
            try (SseClient client = SseClient.open(late.url("/api/status/stream"), "Last-Event-ID", Long.toString(seen))) {
                SseClient.Event event = client.expect(WAIT);
                assertEquals("message", event.event(), "no partial replay with a hole in it");
                assertEquals(Long.toString(current), event.id());
                assertNull(client.next(Duration.ofMillis(300)));
                assertEquals(fallback + 1, starts(late, StreamStats.Start.SNAPSHOT_FALLBACK));
            }
        }
    }

    /**
     * A client that saw a version on a node a moment ahead of this one: this node checks PostgreSQL,
     * catches up, and treats the client as up to date instead of sending it an older snapshot.
     */
    @Test
    void an_id_ahead_of_a_lagging_node_but_committed_is_caught_up_to_and_nothing_goes_back() throws Exception {
        String database = TestServices.newMigratedDatabase();
        // no periodic check within the test: only the stream's own check can find the silent commit
        try (TestNode lagging = TestNode.start(Map.of("STATUS_DATABASE_URL", database, "STATUS_REDIS_URL",
                TestServices.redisUrl(), "STATUS_REDIS_PREFIX", TestServices.newRedisPrefix(), "STATUS_RESYNC_INTERVAL", "60s"))) {
            long before = lagging.status().addService(NewService.of("api", LocalizedText.of("en", "Public API"))).version();
            lagging.awaitVersion(before);
            // committed elsewhere, announced neither by Redis nor by NOTIFY: this node lags behind it
            long ahead = SilentCommit.setStatus(database, "api", "outage");
            assertEquals(before, lagging.server().hub().version(), "the node has not heard of it");
            long caughtUp = starts(lagging, StreamStats.Start.CAUGHT_UP);
            long started = System.nanoTime();
            try (SseClient client = SseClient.open(lagging.url("/api/status/stream"), "Last-Event-ID", Long.toString(ahead))) {
                assertEquals(200, client.status());
                assertTrue(System.nanoTime() - started < StreamResume.CATCH_UP_WAIT.plusMillis(500).toNanos(),
                        "answered within the catch-up wait");
                assertEquals(ahead, lagging.server().hub().version(), "the node caught up on the client's version");
                assertEquals(caughtUp + 1, starts(lagging, StreamStats.Start.CAUGHT_UP), "counted as caught up");
                assertNull(client.next(Duration.ofMillis(500)), "nothing resent, above all no older snapshot");
                long next = lagging.status().setStatus("api", Status.OPERATIONAL, null).version();
                SseClient.Event event = client.expect(WAIT);
                assertEquals("message", event.event());
                assertEquals(Long.toString(next), event.id(), "the next change, after the version it had");
            }
            // a version PostgreSQL never reached is not waited for: the latest snapshot at once
            long current = lagging.server().hub().version();
            long unknown = starts(lagging, StreamStats.Start.UNKNOWN_ID);
            started = System.nanoTime();
            try (SseClient client = SseClient.open(lagging.url("/api/status/stream"), "Last-Event-ID", Long.toString(current + 5))) {
                SseClient.Event event = client.expect(WAIT);
                long took = System.nanoTime() - started;
                assertEquals("message", event.event());
                assertEquals(Long.toString(current), event.id());
                assertTrue(took < StreamResume.CATCH_UP_WAIT.toNanos(), "without waiting out the catch-up wait: " + took / 1_000_000 + " ms");
                assertEquals(unknown + 1, starts(lagging, StreamStats.Start.UNKNOWN_ID));
            }
        }
    }
}
