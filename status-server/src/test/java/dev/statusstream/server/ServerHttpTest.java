package dev.statusstream.server;

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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real app on a random port, against real PostgreSQL and Redis. */
class ServerHttpTest {
    private static final Duration WAIT = Duration.ofSeconds(3);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestNode node;
    private static TestNode production;

    @BeforeAll
    static void start() {
        String database = TestServices.newMigratedDatabase();
        String prefix = TestServices.newRedisPrefix();
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", database, "STATUS_REDIS_URL", TestServices.redisUrl(),
                "STATUS_REDIS_PREFIX", prefix, "STATUS_HEARTBEAT", "200ms"));
        production = TestNode.start(Map.of("STATUS_DATABASE_URL", database, "STATUS_REDIS_URL", TestServices.redisUrl(),
                "STATUS_REDIS_PREFIX", prefix, "STATUS_MODE", "production",
                "STATUS_ALLOWED_ORIGINS", "https://status.example.com"));
        node.status().addService(NewService.of("api", LocalizedText.of("en", "Public API")));
    }

    @AfterAll
    static void stop() {
        production.close();
        node.close();
    }

    static HttpResponse<String> get(String url, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_stream_starts_with_retry_and_the_current_snapshot_then_sends_each_change() throws Exception {
        try (SseClient client = SseClient.open(node.url("/api/status/stream"))) {
            assertEquals(200, client.status());
            assertTrue(client.header("Content-Type").startsWith("text/event-stream"), client.header("Content-Type"));
            assertEquals("no-cache, no-transform", client.header("Cache-Control"));
            assertEquals("no", client.header("X-Accel-Buffering"));
            SseClient.Event first = client.expect(WAIT);
            assertEquals("message", first.event());
            long version = Long.parseLong(first.id());
            assertEquals(version, Json.mapper().readTree(first.data()).get("version").asLong());
            assertFalse(client.retries().isEmpty(), "a retry hint comes first");
            assertTrue(client.retries().get(0).matches("\\d+"));

            long changed = node.status().setStatus("api", Status.OUTAGE, LocalizedText.of("en", "Down")).version();
            SseClient.Event next = client.expect(WAIT);
            assertEquals(Long.toString(changed), next.id());
            JsonNode snapshot = Json.mapper().readTree(next.data());
            assertEquals("outage", snapshot.get("statusLabel").asText());
            assertEquals("Down", snapshot.get("services").get(0).get("statusSummary").get("en").asText());
        }
    }

    @Test
    void an_idle_stream_gets_heartbeat_comments() throws Exception {
        try (SseClient client = SseClient.open(node.url("/api/status/stream"))) {
            client.expect(WAIT);
            Thread.sleep(700);
            assertTrue(client.comments().contains("heartbeat"), client.comments().toString());
        }
    }

    @Test
    void production_rejects_foreign_origins_with_403_and_names_allowed_ones_in_cors() throws Exception {
        String url = production.url("/api/status/stream");
        try (SseClient evil = SseClient.open(url, "Origin", "https://status.example.com.attacker.com")) {
            assertEquals(403, evil.status());
            assertNull(evil.header("Access-Control-Allow-Origin"));
            assertNull(evil.header("Vary"), "Vary: Origin only when an allowed Origin is present");
        }
        try (SseClient none = SseClient.open(url)) {
            assertEquals(403, none.status(), "production needs an Origin or Sec-Fetch-Site: same-origin");
            assertNull(none.header("Vary"));
        }
        try (SseClient sameOrigin = SseClient.open(url, "Sec-Fetch-Site", "same-origin")) {
            assertEquals(200, sameOrigin.status());
            assertNull(sameOrigin.header("Access-Control-Allow-Origin"));
            assertNull(sameOrigin.header("Vary"), "no Origin, no Vary");
            sameOrigin.expect(WAIT);
        }
        try (SseClient allowed = SseClient.open(url, "Origin", "https://status.example.com")) {
            assertEquals(200, allowed.status());
            assertEquals("https://status.example.com", allowed.header("Access-Control-Allow-Origin"));
            assertEquals("Origin", allowed.header("Vary"));
            assertNull(allowed.header("Access-Control-Allow-Credentials"));
            allowed.expect(WAIT);
        }
        try (SseClient nullOrigin = SseClient.open(url, "Origin", "null", "Sec-Fetch-Site", "same-origin")) {
            assertEquals(403, nullOrigin.status());
            assertNull(nullOrigin.header("Vary"));
        }
    }

    @Test
    void development_allows_missing_origin_and_localhost_but_not_lookalikes() throws Exception {
        String url = node.url("/api/status/stream");
        try (SseClient local = SseClient.open(url, "Origin", "http://localhost:5173")) {
            assertEquals(200, local.status());
            assertEquals("http://localhost:5173", local.header("Access-Control-Allow-Origin"));
            assertEquals("Origin", local.header("Vary"));
        }
        try (SseClient none = SseClient.open(url)) {
            assertEquals(200, none.status());
            assertNull(none.header("Access-Control-Allow-Origin"));
            assertNull(none.header("Vary"), "no Origin, no Vary");
        }
        try (SseClient lookalike = SseClient.open(url, "Origin", "http://localhost.evil.com")) {
            assertEquals(403, lookalike.status());
            assertNull(lookalike.header("Access-Control-Allow-Origin"));
            assertNull(lookalike.header("Vary"));
        }
    }

    @Test
    void api_status_is_the_snapshot_with_cors_star() throws Exception {
        var response = get(node.url("/api/status"), "Origin", "https://anywhere.example");
        assertEquals(200, response.statusCode());
        assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        JsonNode snapshot = Json.mapper().readTree(response.body());
        assertEquals("api", snapshot.get("services").get(0).get("id").asText());
        assertTrue(snapshot.get("version").asLong() >= 1);
    }

    @Test
    void health_and_readiness_report_dependencies() throws Exception {
        assertEquals(200, get(node.url("/healthz")).statusCode());
        var ready = get(node.url("/readyz"));
        assertEquals(200, ready.statusCode());
        JsonNode body = Json.mapper().readTree(ready.body());
        assertEquals("up", body.get("postgres").asText());
        assertEquals("up", body.get("redis").asText());
    }

    @Test
    void the_page_is_complete_html_without_javascript() throws Exception {
        var response = get(node.url("/"));
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String html = response.body();
        assertTrue(html.contains("Public API"), html);
        assertTrue(html.contains("/static/status.js"));
        assertTrue(html.contains(">Service status</a>"), "an unnamed page shows its localized title");
        var japanese = get(node.url("/?lang=ja"));
        assertTrue(japanese.body().contains("lang=\"ja\""));
        assertTrue(japanese.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("lang=ja")));
    }

    @Test
    void static_assets_are_served() throws Exception {
        var script = get(node.url("/static/status.js"));
        assertEquals(200, script.statusCode());
        assertTrue(script.body().contains("EventSource"));
    }
}
