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
import dev.statusstream.server.testing.Http;
import dev.statusstream.server.testing.SseClient;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Validators, conditional requests and CORS on every public read endpoint of a real server. */
class PublicReadTest {
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newDatabase(), "STATUS_MODE", "production",
                "STATUS_ALLOWED_ORIGINS", "https://status.example.com"));
        node.awaitVersion(node.status().addService(NewService.of("api", LocalizedText.of("en", "Public API"))).version());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/status", "/api/v2/summary.json", "/api/v2/status.json", "/api/v2/components.json",
        "/api/v2/incidents.json", "/api/v2/incidents/unresolved.json", "/api/v2/scheduled-maintenances.json",
        "/api/v2/scheduled-maintenances/upcoming.json", "/api/v2/scheduled-maintenances/active.json",
        "/history.atom", "/history.rss", "/badge.svg", "/badge.svg?service=api"})
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
        assertEquals(304, Http.get(node.url(path), "If-Modified-Since", modified).statusCode());
        assertEquals(200, Http.get(node.url(path), "If-None-Match", "\"other\"", "If-Modified-Since", modified).statusCode(),
                "If-None-Match wins over If-Modified-Since");
        assertEquals(200, Http.get(node.url(path), "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").statusCode());
        assertEquals(200, Http.get(node.url(path), "If-Modified-Since", "yesterday").statusCode(), "a bad date is ignored");

        long version = node.status().setStatus("api", Status.DEGRADED, LocalizedText.of("en", path)).version();
        node.awaitVersion(version);
        var changed = Http.get(node.url(path), "If-None-Match", etag);
        assertEquals(200, changed.statusCode(), "a change makes the old copy stale");
        assertNotEquals(etag, Http.header(changed, "ETag"));
    }

    @Test
    void representations_of_one_version_have_different_validators() throws Exception {
        String english = Http.header(Http.get(node.url("/api/v2/summary.json")), "ETag");
        String japanese = Http.header(Http.get(node.url("/api/v2/summary.json?lang=ja")), "ETag");
        String status = Http.header(Http.get(node.url("/api/v2/status.json")), "ETag");
        assertNotEquals(english, japanese);
        assertNotEquals(english, status);
        assertEquals(200, Http.get(node.url("/api/v2/summary.json"), "If-None-Match", japanese).statusCode(),
                "the Japanese copy does not validate the English one");
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
        String etag = PublicRead.etag(42, "v2/summary|en");
        assertTrue(etag.startsWith("W/\"42-"));
        assertTrue(PublicRead.matches(etag, etag));
        assertTrue(PublicRead.matches(etag.substring(2), etag), "a strong copy of the same tag");
        assertTrue(PublicRead.matches("*", etag));
        assertFalse(PublicRead.matches(PublicRead.etag(43, "v2/summary|en"), etag));
        assertFalse(PublicRead.matches(PublicRead.etag(42, "v2/summary|ja"), etag));
        assertEquals(Instant.parse("2026-11-27T09:00:00Z"), PublicRead.httpDate("Fri, 27 Nov 2026 09:00:00 GMT"));
        assertNull(PublicRead.httpDate("27/11/2026"));
    }
}
