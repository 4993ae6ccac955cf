package dev.statusstream.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.internal.Json;
import dev.statusstream.server.testing.Http;
import dev.statusstream.server.testing.SseClient;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Validators, conditional requests and CORS on every public read endpoint of a real server. */
class PublicReadTest {
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(), "STATUS_MODE", "production",
                "STATUS_ALLOWED_ORIGINS", "https://status.example.com"));
        node.awaitVersion(node.status().addService(NewService.of("api", LocalizedText.of("en", "Public API"))).version());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static final List<String> PATHS = List.of("/api/status", "/api/v2/summary.json", "/api/v2/status.json",
            "/api/v2/components.json", "/api/v2/incidents.json", "/api/v2/incidents/unresolved.json",
            "/api/v2/scheduled-maintenances.json", "/api/v2/scheduled-maintenances/upcoming.json",
            "/api/v2/scheduled-maintenances/active.json", "/history.atom", "/history.rss", "/badge.svg",
            "/badge.svg?service=api");
    private static final String FAR_FUTURE = "Fri, 01 Jan 2100 00:00:00 GMT";

    static List<String> paths() {
        return PATHS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void a_public_endpoint_answers_304_until_the_next_change_and_allows_any_origin(String path) throws Exception {
        var first = Http.get(node.url(path), "Origin", "https://elsewhere.example");
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("*", Http.header(first, "Access-Control-Allow-Origin"));
        assertNull(Http.header(first, "Access-Control-Allow-Credentials"));
        String etag = Http.header(first, "ETag");
        String modified = Http.header(first, "Last-Modified");
        assertNotNull(etag);
        assertNotNull(modified);

        var head = Http.send("HEAD", node.url(path));
        assertEquals(200, head.statusCode());
        assertEquals(etag, Http.header(head, "ETag"), "HEAD has the validators too");
        assertEquals(Http.header(first, "Content-Type"), Http.header(head, "Content-Type"));
        assertEquals("", head.body());

        var same = Http.get(node.url(path), "If-None-Match", etag);
        assertEquals(304, same.statusCode());
        assertEquals("", same.body());
        assertEquals(etag, Http.header(same, "ETag"));
        assertEquals("*", Http.header(same, "Access-Control-Allow-Origin"));
        assertEquals(304, Http.get(node.url(path), "If-None-Match", "\"other\", " + etag).statusCode(), "a list");
        assertEquals(200, Http.get(node.url(path), "If-None-Match", "\"other\"", "If-Modified-Since", FAR_FUTURE).statusCode(),
                "If-None-Match wins over If-Modified-Since");
        assertEquals(304, Http.get(node.url(path), "If-Modified-Since", FAR_FUTURE).statusCode());
        assertEquals(200, Http.get(node.url(path), "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").statusCode());
        assertEquals(200, Http.get(node.url(path), "If-Modified-Since", "yesterday").statusCode(), "a bad date is ignored");

        long version = node.status().setStatus("api", Status.DEGRADED, LocalizedText.of("en", path)).version();
        node.awaitVersion(version);
        var changed = Http.get(node.url(path), "If-None-Match", etag);
        assertEquals(200, changed.statusCode(), "a change makes the old copy stale");
        assertNotEquals(etag, Http.header(changed, "ETag"));
    }

    @Test
    void if_modified_since_the_last_modified_date_is_answered_304_by_every_endpoint() throws Exception {
        awaitSafeDate();
        Instant second = node.status().snapshot().generatedAt().truncatedTo(ChronoUnit.SECONDS);
        for (String path : PATHS) {
            var response = Http.get(node.url(path));
            String modified = Http.header(response, "Last-Modified");
            assertEquals(second, PublicRead.httpDate(modified), path + ": the snapshot's second, once it is over");
            var notModified = Http.get(node.url(path), "If-Modified-Since", modified);
            assertEquals(304, notModified.statusCode(), path);
            assertEquals("*", Http.header(notModified, "Access-Control-Allow-Origin"), path);
        }
    }

    @Test
    void a_second_change_within_the_same_second_is_not_hidden_from_if_modified_since() throws Exception {
        for (int attempt = 0; ; attempt++) {
            node.awaitVersion(node.status().setStatus("api", Status.DEGRADED, LocalizedText.of("en", "one " + attempt)).version());
            var first = Http.get(node.url("/api/status"));
            Instant firstAt = Instant.parse(Json.mapper().readTree(first.body()).get("generatedAt").asText());
            node.awaitVersion(node.status().setStatus("api", Status.OUTAGE, LocalizedText.of("en", "two " + attempt)).version());
            var second = Http.get(node.url("/api/status"));
            Instant secondAt = Instant.parse(Json.mapper().readTree(second.body()).get("generatedAt").asText());
            if (!firstAt.truncatedTo(ChronoUnit.SECONDS).equals(secondAt.truncatedTo(ChronoUnit.SECONDS))) {
                assertTrue(attempt < 20, "two changes in one second");
                continue;
            }
            String firstDate = Http.header(first, "Last-Modified");
            var after = Http.get(node.url("/api/status"), "If-Modified-Since", firstDate);
            assertEquals(200, after.statusCode(), "the copy from before the second change is stale");
            assertTrue(after.body().contains("two " + attempt), after.body());
            assertTrue(PublicRead.httpDate(firstDate).isBefore(firstAt.truncatedTo(ChronoUnit.SECONDS)),
                    "a date sent while its second runs is a second early: " + firstDate + " for " + firstAt);

            awaitSafeDate();
            String safeDate = Http.header(Http.get(node.url("/api/status")), "Last-Modified");
            assertEquals(secondAt.truncatedTo(ChronoUnit.SECONDS), PublicRead.httpDate(safeDate));
            assertEquals(304, Http.get(node.url("/api/status"), "If-Modified-Since", safeDate).statusCode());
            return;
        }
    }

    @Test
    void errors_of_public_endpoints_allow_any_origin_too() throws Exception {
        for (String path : List.of("/api/v2/summary.json?lang=%3Cscript%3E", "/history.atom?lang=%3Cscript%3E", "/badge.svg?service=no-such-service", "/badge.svg?service=NOT%20AN%20ID")) {
            var response = Http.get(node.url(path), "Origin", "https://elsewhere.example");
            assertTrue(response.statusCode() == 400 || response.statusCode() == 404, path + ": " + response.statusCode());
            assertEquals("*", Http.header(response, "Access-Control-Allow-Origin"), path);
            assertNull(Http.header(response, "Access-Control-Allow-Credentials"), path);
        }
    }

    @Test
    void the_last_modified_date_is_the_snapshots_second_once_no_later_change_can_share_it() {
        Instant generated = Instant.parse("2026-11-27T09:00:00.300Z");
        Instant second = Instant.parse("2026-11-27T09:00:00Z");
        Instant safe = second.plusSeconds(1).plus(PublicRead.CLOCK_MARGIN);
        assertEquals(second.minusSeconds(1), PublicRead.lastModified(generated, generated));
        assertEquals(second.minusSeconds(1), PublicRead.lastModified(generated, safe.minusMillis(1)));
        assertEquals(second, PublicRead.lastModified(generated, safe));
        assertEquals(second, PublicRead.lastModified(generated, safe.plusSeconds(3600)));
    }

    /** Waits until the current snapshot's second, and the margin after it, are over. */
    private static void awaitSafeDate() throws InterruptedException {
        Instant safe = node.status().snapshot().generatedAt().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1)
                .plus(PublicRead.CLOCK_MARGIN);
        long wait = java.time.Duration.between(Instant.now(), safe).toMillis();
        if (wait > 0) {
            Thread.sleep(wait + 50);
        }
    }

    @Test
    void a_validator_names_the_bytes_so_another_representation_does_not_validate_a_copy() throws Exception {
        var english = Http.get(node.url("/api/v2/summary.json"));
        var japanese = Http.get(node.url("/api/v2/summary.json?lang=ja"));
        String status = Http.header(Http.get(node.url("/api/v2/status.json")), "ETag");
        assertNotEquals(Http.header(english, "ETag"), status);
        assertEquals(english.body().equals(japanese.body()), Http.header(english, "ETag").equals(Http.header(japanese, "ETag")),
                "equal tags exactly for equal bytes");
        assertEquals(200, Http.get(node.url("/api/v2/summary.json"), "If-None-Match", status).statusCode(),
                "the status document's copy does not validate the summary");
    }

    @Test
    void a_preflight_is_answered_for_public_endpoints() throws Exception {
        var response = Http.send("OPTIONS", node.url("/api/v2/summary.json"), "Origin", "https://elsewhere.example",
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "if-none-match");
        assertEquals(204, response.statusCode());
        assertEquals("*", Http.header(response, "Access-Control-Allow-Origin"));
        assertTrue(Http.header(response, "Access-Control-Allow-Headers").contains("If-None-Match"));
    }

    @Test
    void the_stream_keeps_its_origin_check_instead_of_cors_star() throws Exception {
        try (SseClient foreign = SseClient.open(node.url("/api/status/stream"), "Origin", "https://elsewhere.example")) {
            assertEquals(403, foreign.status());
            assertNull(foreign.header("Access-Control-Allow-Origin"));
        }
        try (SseClient allowed = SseClient.open(node.url("/api/status/stream"), "Origin", "https://status.example.com")) {
            assertEquals(200, allowed.status());
            assertEquals("https://status.example.com", allowed.header("Access-Control-Allow-Origin"));
        }
    }

    @Test
    void if_none_match_uses_weak_comparison_and_star() {
        var copy = RenderedCache.Rendered.of(42, "application/json", "{\"page\":\"en\"}");
        String etag = copy.etag(RenderedCache.Coding.IDENTITY);
        assertTrue(etag.startsWith("\"42-"), etag);
        assertTrue(PublicRead.matches(etag, etag));
        assertTrue(PublicRead.matches("W/" + etag, etag), "a weak copy of the same tag");
        assertTrue(PublicRead.matches("*", etag));
        assertFalse(PublicRead.matches(RenderedCache.Rendered.of(43, "application/json", "{\"page\":\"en\"}").etag(RenderedCache.Coding.IDENTITY), etag),
                "another version");
        assertFalse(PublicRead.matches(RenderedCache.Rendered.of(42, "application/json", "{\"page\":\"ja\"}").etag(RenderedCache.Coding.IDENTITY), etag),
                "other bytes");
        assertFalse(PublicRead.matches(copy.etag(RenderedCache.Coding.GZIP), etag), "the gzip copy has a tag of its own");
        assertEquals(Instant.parse("2026-11-27T09:00:00Z"), PublicRead.httpDate("Fri, 27 Nov 2026 09:00:00 GMT"));
        assertNull(PublicRead.httpDate("27/11/2026"));
    }
}
