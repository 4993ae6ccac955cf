package dev.statusstream.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.server.testing.Http;
import dev.statusstream.server.testing.SseClient;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's answers to a hostile or careless client: security headers on every kind of reply, no
 * method override, one spelling of {@code /metrics}. Two real nodes, one behind a trusted proxy.
 */
class ServerHardeningTest {
    private static final String TOKEN = "hardening-test-token-0123456789";
    private static TestNode node;
    private static TestNode proxied;

    @BeforeAll
    static void start() {
        String database = TestServices.newMigratedDatabase();
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", database, "STATUS_ADMIN_TOKEN", TOKEN));
        proxied = TestNode.start(Map.of("STATUS_DATABASE_URL", database, "STATUS_TRUSTED_PROXIES", "127.0.0.1"));
        node.awaitVersion(node.status().addService(NewService.of("api", LocalizedText.of("en", "Public API"))).version());
    }

    @AfterAll
    static void stop() {
        if (proxied != null) {
            proxied.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void every_kind_of_reply_forbids_content_sniffing() throws Exception {
        for (String path : List.of("/", "/history", "/incidents/no-such-incident", "/api/status", "/api/v2/summary.json",
                "/history.atom", "/history.rss", "/badge.svg", "/badge.svg?service=nope", "/static/status.js",
                "/static/no-such-file.js", "/no-such-path", "/healthz", "/metrics", "/api/admin/services")) {
            HttpResponse<String> reply = Http.get(node.url(path));
            assertEquals("nosniff", Http.header(reply, "X-Content-Type-Options"), path + " (" + reply.statusCode() + ")");
        }
        try (SseClient stream = SseClient.open(node.url("/api/status/stream"))) {
            assertEquals(200, stream.status());
            assertEquals("nosniff", stream.header("X-Content-Type-Options"), "the stream");
        }
    }

    @Test
    void html_pages_may_not_be_framed_and_send_a_referrer_policy() throws Exception {
        for (String path : List.of("/", "/history", "/incidents/no-such-incident")) {
            HttpResponse<String> reply = Http.get(node.url(path));
            assertTrue(Http.header(reply, "Content-Type").startsWith("text/html"), path);
            assertTrue(Http.header(reply, "Content-Security-Policy").contains("frame-ancestors 'none'"), path);
            assertEquals("strict-origin-when-cross-origin", Http.header(reply, "Referrer-Policy"), path);
        }
    }

    @Test
    void strict_transport_security_only_when_the_request_came_over_https_through_a_trusted_proxy() throws Exception {
        for (String path : List.of("/", "/api/status", "/static/status.js", "/no-such-path")) {
            assertEquals("max-age=31536000",
                    Http.header(Http.get(proxied.url(path), "X-Forwarded-Proto", "https"), "Strict-Transport-Security"), path);
            assertNull(Http.header(Http.get(proxied.url(path)), "Strict-Transport-Security"), "plain http: " + path);
            assertNull(Http.header(Http.get(node.url(path), "X-Forwarded-Proto", "https"), "Strict-Transport-Security"),
                    "a client that is not a trusted proxy cannot claim https: " + path);
        }
        try (SseClient stream = SseClient.open(proxied.url("/api/status/stream"), "X-Forwarded-Proto", "https")) {
            assertEquals("max-age=31536000", stream.header("Strict-Transport-Security"));
        }
    }

    @Test
    void a_method_override_header_does_not_turn_a_get_into_a_delete() throws Exception {
        var reply = Http.get(node.url("/api/admin/services/api"), "Authorization", "Bearer " + TOKEN,
                "X-HTTP-Method-Override", "DELETE");
        assertEquals(200, reply.statusCode(), "answered as the GET it is: " + reply.body());
        assertEquals(200, Http.get(node.url("/api/admin/services/api"), "Authorization", "Bearer " + TOKEN).statusCode(),
                "the service survives");
    }

    @Test
    void metrics_answer_at_their_one_spelling_only() throws Exception {
        assertEquals(200, Http.get(node.url("/metrics")).statusCode());
        for (String path : List.of("/metrics/", "/metrics;x", "/metrics//", "/%6Detrics", "/METRICS")) {
            int status = Http.get(node.url(path)).statusCode();
            assertTrue(status == 404 || status == 400, path + " answered " + status);
        }
        assertEquals(200, Http.get(node.url("/")).statusCode(), "the page stays at /");
        assertEquals(200, Http.get(node.url("/history")).statusCode());
    }
}
