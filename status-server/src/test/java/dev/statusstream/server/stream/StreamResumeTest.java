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
import dev.statusstream.testing.TestServices;
import java.time.Duration;
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
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newDatabase(),
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

    @Test
    void a_client_that_is_up_to_date_gets_nothing_resent_then_the_next_change() throws Exception {
        long current = change(Status.DEGRADED);
        try (SseClient client = open(Long.toString(current))) {
            assertEquals(200, client.status());
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
        for (String id : List.of("abc", "-1", "12abc", " ", "99999999999999999999999", "9223372036854775807",
                Long.toString(current + 1000), "1e3", "0x10")) {
            try (SseClient client = open(id)) {
                assertEquals(200, client.status(), id);
                SseClient.Event event = client.expect(WAIT);
                assertEquals("message", event.event(), id);
                assertEquals(Long.toString(current), event.id(), id);
                assertTrue(event.data().startsWith("{\"statusLabel\""), id);
            }
        }
    }
}
