package dev.statusstream.server.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.IncidentState;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.internal.Json;
import dev.statusstream.server.testing.AdminHttp;
import dev.statusstream.server.testing.Http;
import dev.statusstream.server.testing.HookSink;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import dev.statusstream.testing.Waiting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks, Slack and Discord delivered by a real server to a real HTTP receiver started here: the
 * admin routes, the Statuspage-shaped body, the signature (checked with openssl, not our code),
 * retries with one delivery id, and the metrics.
 */
class WebhookDeliveryTest {
    private static final String TOKEN = "webhook-delivery-test-token-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern SIGNATURE = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})");

    private TestNode node;
    private AdminHttp admin;
    private HookSink sink;

    @BeforeEach
    void start() {
        sink = HookSink.start();
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(), "STATUS_ADMIN_TOKEN", TOKEN,
                "STATUS_ALLOW_PRIVATE_TARGETS", "true", "STATUS_DELIVERY_FIRST_RETRY", "200ms",
                "STATUS_PAGE_NAME", "Acme Status", "STATUS_PUBLIC_URL", "https://status.acme.test"));
        admin = new AdminHttp(node, TOKEN);
        node.status().addService(NewService.of("api", en("Public API")));
        node.status().addService(NewService.of("web", en("Website")));
    }

    @AfterEach
    void stop() {
        node.close();
        sink.close();
    }

    private static LocalizedText en(String text) {
        return LocalizedText.of("en", text);
    }

    private AdminHttp.Reply add(String body) {
        return admin.send("POST", "/api/admin/subscribers", body);
    }

    private JsonNode webhook(String path) {
        AdminHttp.Reply reply = add("{\"kind\":\"webhook\",\"url\":\"" + sink.url(path) + "\"}");
        assertEquals(201, reply.status(), reply.raw().body());
        return reply.json().get("subscriber");
    }

    /** HMAC-SHA256 as openssl computes it: an implementation that shares nothing with the server's. */
    private static String opensslHmac(String secret, String message) throws IOException, InterruptedException {
        Path file = Files.createTempFile("signed", ".txt");
        try {
            Files.writeString(file, message, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("openssl", "dgst", "-sha256", "-hmac", secret, file.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(0, p.waitFor(), out);
            return out.substring(out.lastIndexOf(' ') + 1);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void an_admin_adds_a_webhook_sees_its_secret_once_and_lists_and_removes_it() {
        AdminHttp.Reply created = add("{\"kind\":\"webhook\",\"url\":\"" + sink.url("/hook") + "\",\"services\":[\"api\"]}");
        assertEquals(201, created.status(), created.raw().body());
        JsonNode subscriber = created.json().get("subscriber");
        String id = subscriber.get("id").asText();
        assertEquals("/api/admin/subscribers/" + id, created.header("Location"));
        assertTrue(subscriber.get("secret").asText().startsWith("whsec_"));
        assertEquals("active", subscriber.get("state").asText());
        assertEquals("[\"api\"]", subscriber.get("services").toString());

        AdminHttp.Reply shown = admin.send("GET", "/api/admin/subscribers/" + id, null);
        assertEquals(200, shown.status());
        assertFalse(shown.json().get("subscriber").has("secret"), "the secret is shown once: " + shown.raw().body());
        AdminHttp.Reply list = admin.send("GET", "/api/admin/subscribers", null);
        assertEquals(1, list.json().get("subscribers").size());
        assertTrue(list.json().get("next").isNull());
        assertFalse(list.raw().body().contains("whsec_"));

        AdminHttp.Reply removed = admin.send("DELETE", "/api/admin/subscribers/" + id, null);
        assertEquals(200, removed.status(), removed.raw().body());
        assertEquals(404, admin.send("DELETE", "/api/admin/subscribers/" + id, null).status());
        assertEquals(0, admin.send("GET", "/api/admin/subscribers", null).json().get("subscribers").size());
    }

    @Test
    void a_chat_hooks_url_is_shown_redacted_in_replies_listings_and_the_audit_log_and_delivered_whole() {
        String secretPath = "/services/T0001/B0002/sekritTokenPart";
        AdminHttp.Reply created = add("{\"kind\":\"slack\",\"url\":\"" + sink.url(secretPath) + "\"}");
        assertEquals(201, created.status(), created.raw().body());
        String redacted = sink.url("/").replaceFirst("/$", "") + "/…";
        assertEquals(redacted, created.json().get("subscriber").get("target").asText());
        String id = created.json().get("subscriber").get("id").asText();
        AdminHttp.Reply list = admin.send("GET", "/api/admin/subscribers", null);
        assertEquals(redacted, list.json().get("subscribers").get(0).get("target").asText(), "the host tells the operator which hook");
        assertEquals(redacted, admin.send("GET", "/api/admin/subscribers/" + id, null).json().get("subscriber").get("target").asText());

        node.status().openIncident(NewIncident.incident(en("API down"), Status.OUTAGE, List.of("api"), en("Investigating")));
        sink.awaitHits(1, WAIT);
        assertEquals(secretPath, sink.hits().getFirst().path(), "delivery uses the whole URL");

        AdminHttp.Reply removed = admin.send("DELETE", "/api/admin/subscribers/" + id, null);
        assertEquals(redacted, removed.json().get("subscriber").get("target").asText());
        String audit = admin.send("GET", "/api/admin/audit", null).raw().body();
        assertTrue(audit.contains(id), audit);
        assertFalse(audit.contains("sekritTokenPart") || audit.contains("B0002"), "the audit log keeps no hook URL: " + audit);
        assertFalse(list.raw().body().contains("sekritTokenPart") || created.raw().body().contains("sekritTokenPart"));
    }

    @Test
    void the_list_is_paged() {
        for (int i = 0; i < 5; i++) {
            webhook("/hook" + i);
        }
        AdminHttp.Reply first = admin.send("GET", "/api/admin/subscribers?limit=2", null);
        assertEquals(2, first.json().get("subscribers").size());
        String next = first.json().get("next").asText();
        AdminHttp.Reply second = admin.send("GET", "/api/admin/subscribers?limit=2&after=" + next, null);
        AdminHttp.Reply third = admin.send("GET", "/api/admin/subscribers?limit=2&after=" + second.json().get("next").asText(), null);
        assertEquals(1, third.json().get("subscribers").size());
        assertTrue(third.json().get("next").isNull());
        assertEquals(400, admin.send("GET", "/api/admin/subscribers?limit=0", null).status());
        assertEquals("after", admin.send("GET", "/api/admin/subscribers?after=nope", null).field());
    }

    @Test
    void bad_subscriber_requests_are_refused_with_400_naming_the_field() {
        Map<String, String> bad = Map.of(
                "{\"kind\":\"pager\",\"url\":\"https://ops.example.com/h\"}", "kind",
                "{\"kind\":\"webhook\"}", "url",
                "{\"kind\":\"webhook\",\"url\":\"file:///etc/passwd\"}", "url",
                "{\"kind\":\"webhook\",\"url\":\"https://u:p@ops.example.com/h\"}", "url",
                "{\"kind\":\"webhook\",\"url\":\"https://ops.example.com/h\",\"services\":[\"nope\"]}", "services[0]",
                "{\"kind\":\"webhook\",\"url\":\"https://ops.example.com/h\",\"secret\":\"short\"}", "secret",
                "{\"kind\":\"webhook\",\"url\":\"https://ops.example.com/h\",\"serviceChanges\":\"yes\"}", "serviceChanges",
                "{\"kind\":\"email\",\"url\":\"https://ops.example.com/h\"}", "kind",
                "{\"kind\":\"webhook\",\"url\":\"https://ops.example.com/h\",\"colour\":1}", "colour");
        bad.forEach((body, field) -> {
            AdminHttp.Reply reply = add(body);
            assertEquals(400, reply.status(), body + " -> " + reply.raw().body());
            assertEquals(field, reply.field(), body);
        });
        assertEquals(400, admin.send("DELETE", "/api/admin/subscribers/not-a-uuid", null).status());
    }

    @Test
    void an_address_inside_the_network_is_refused_with_400_unless_private_targets_are_allowed() {
        try (TestNode strict = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(), "STATUS_ADMIN_TOKEN", TOKEN))) {
            var strictAdmin = new AdminHttp(strict, TOKEN);
            for (String url : List.of("http://127.0.0.1:9/", "http://localhost:8080/api/admin/services", "http://10.1.2.3/",
                    "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/")) {
                AdminHttp.Reply reply = strictAdmin.send("POST", "/api/admin/subscribers", "{\"kind\":\"webhook\",\"url\":\"" + url + "\"}");
                assertEquals(400, reply.status(), url + " -> " + reply.raw().body());
                assertEquals("url", reply.field(), url);
            }
            assertEquals(0, strictAdmin.send("GET", "/api/admin/subscribers", null).json().get("subscribers").size());
        }
    }

    @Test
    void an_opened_incident_arrives_signed_in_statuspage_shape() throws Exception {
        JsonNode subscriber = webhook("/hook");
        String secret = subscriber.get("secret").asText();
        long before = Instant.now().getEpochSecond();
        String slug = node.status().openIncident(NewIncident.incident(en("API errors"), Status.OUTAGE, List.of("api"),
                en("Investigating"))).value().slug();
        HookSink.Hit hit = sink.awaitHits(1, WAIT);

        assertEquals("incident.opened", hit.header("X-StatusStream-Event"));
        assertTrue(hit.header("Content-Type").startsWith("application/json"));
        Matcher signature = SIGNATURE.matcher(hit.header("X-StatusStream-Signature"));
        assertTrue(signature.matches(), hit.header("X-StatusStream-Signature"));
        long t = Long.parseLong(signature.group(1));
        assertTrue(t >= before && t <= Instant.now().getEpochSecond(), "t is when it was sent");
        assertEquals(opensslHmac(secret, t + "." + hit.body()), signature.group(2), "the signature verifies");
        assertFalse(opensslHmac(secret, t + "." + hit.body().replace("API errors", "API error!")).equals(signature.group(2)),
                "and would not for a changed body");

        JsonNode body = Json.read(hit.body(), JsonNode.class, "webhook");
        assertTrue(body.path("meta").has("unsubscribe") && body.path("meta").has("documentation"), hit.body());
        assertTrue(body.path("meta").path("unsubscribe").asText().endsWith("/api/admin/subscribers/" + subscriber.get("id").asText()));
        JsonNode pageStatus = Json.read(Http.get(node.url("/api/v2/status.json")).body(), JsonNode.class, "status").path("status");
        assertEquals(pageStatus.path("indicator").asText(), body.path("page").path("status_indicator").asText(), hit.body());
        assertEquals(pageStatus.path("description").asText(), body.path("page").path("status_description").asText());
        JsonNode incident = body.path("incident");
        assertEquals("API errors", incident.path("name").asText());
        assertEquals("investigating", incident.path("status").asText());
        assertEquals("https://status.acme.test/incidents/" + slug, incident.path("shortlink").asText());
        assertEquals("Investigating", incident.path("incident_updates").get(0).path("body").asText());
        assertEquals("api", incident.path("components").get(0).path("id").asText());

        JsonNode statuspage = Json.read(Http.get(node.url("/api/v2/incidents.json")).body(), JsonNode.class, "incidents");
        assertEquals(statuspage.path("incidents").get(0).path("id").asText(), incident.path("id").asText(),
                "the same incident object as /api/v2/incidents.json");
    }

    @Test
    void a_receiver_that_fails_gets_retries_carrying_the_same_delivery_id_until_it_answers_2xx() {
        webhook("/hook");
        AtomicInteger calls = new AtomicInteger();
        sink.answering(hit -> calls.incrementAndGet() <= 2 ? 503 : 204);
        node.status().openIncident(NewIncident.incident(en("Down"), Status.OUTAGE, List.of(), en("Looking")));
        sink.awaitHits(3, WAIT);
        List<HookSink.Hit> hits = sink.hits();
        assertEquals(1, hits.stream().map(HookSink.Hit::delivery).distinct().count(), "one delivery id on every try");
        assertTrue(hits.getFirst().delivery().matches("[0-9a-f-]{36}"), hits.getFirst().delivery());
        Waiting.until(WAIT, "the sent count", () -> metric("statusstream_notifications_sent_total") == 1.0);
        assertEquals(2.0, metric("statusstream_notifications_retried_total"));
        assertEquals(0.0, metric("statusstream_notifications_queued"));
        assertEquals(3, sink.hits().size(), "nothing more once delivered");
    }

    @Test
    void the_whole_incident_life_is_three_deliveries_and_an_edit_is_none() {
        webhook("/hook");
        String slug = node.status().openIncident(NewIncident.incident(en("Down"), Status.OUTAGE, List.of("api"), en("Looking"))).value().slug();
        node.status().updateIncident(slug, IncidentState.IDENTIFIED, en("Found"));
        node.status().resolveIncident(slug, en("Fixed"));
        sink.awaitHits(3, WAIT);
        assertEquals(List.of("incident.opened", "incident.updated", "incident.resolved"),
                sink.hits().stream().map(h -> h.header("X-StatusStream-Event")).sorted(
                        java.util.Comparator.comparing(List.of("incident.opened", "incident.updated", "incident.resolved")::indexOf)).toList());
        assertEquals(3, sink.hits().stream().map(HookSink.Hit::delivery).distinct().count());
    }

    @Test
    void a_service_change_without_an_incident_reaches_those_who_asked_as_a_component_update() {
        add("{\"kind\":\"webhook\",\"url\":\"" + sink.url("/changes") + "\",\"serviceChanges\":true}");
        add("{\"kind\":\"webhook\",\"url\":\"" + sink.url("/incidents-only") + "\"}");
        node.status().setStatus("api", Status.DEGRADED, en("Slow"));
        HookSink.Hit hit = sink.awaitHits(1, WAIT);
        assertEquals("/changes", hit.path());
        assertEquals("service.status", hit.header("X-StatusStream-Event"));
        JsonNode body = Json.read(hit.body(), JsonNode.class, "webhook");
        assertEquals("operational", body.path("component_update").path("old_status").asText(), hit.body());
        assertEquals("degraded_performance", body.path("component_update").path("new_status").asText());
        assertEquals("api", body.path("component_update").path("component_id").asText());
        assertEquals("Public API", body.path("component").path("name").asText());
        assertFalse(body.has("incident"));
        node.status().openIncident(NewIncident.incident(en("Down"), Status.OUTAGE, List.of(), en("Looking")));
        sink.awaitHits(3, WAIT);
        assertEquals(1, sink.hits().stream().filter(h -> h.path().equals("/incidents-only")).count());
    }

    @Test
    void slack_gets_block_kit_text_and_discord_an_embed_without_mentions() {
        add("{\"kind\":\"slack\",\"url\":\"" + sink.url("/slack") + "\"}");
        add("{\"kind\":\"discord\",\"url\":\"" + sink.url("/discord") + "\"}");
        node.status().openIncident(NewIncident.incident(en("<!channel> API & DB down"), Status.OUTAGE, List.of("api"),
                en("@everyone investigating")));
        sink.awaitHits(2, WAIT);
        HookSink.Hit slack = sink.hits().stream().filter(h -> h.path().equals("/slack")).findFirst().orElseThrow();
        JsonNode slackBody = Json.read(slack.body(), JsonNode.class, "slack");
        String section = slackBody.path("blocks").get(0).path("text").path("text").asText();
        assertTrue(section.contains("&lt;!channel&gt; API &amp; DB down"), "operator text cannot ping a channel: " + section);
        assertTrue(section.contains("https://status.acme.test/incidents/"), section);
        assertTrue(slackBody.path("text").asText().startsWith("Incident: "), slack.body());
        assertNull(slack.header("X-StatusStream-Signature"));
        HookSink.Hit discord = sink.hits().stream().filter(h -> h.path().equals("/discord")).findFirst().orElseThrow();
        JsonNode discordBody = Json.read(discord.body(), JsonNode.class, "discord");
        assertEquals(0, discordBody.path("allowed_mentions").path("parse").size(), discord.body());
        assertEquals("@everyone investigating", discordBody.path("embeds").get(0).path("description").asText());
        assertNotNull(discord.delivery());
    }

    @Test
    void the_metrics_show_the_queue_and_what_this_node_delivered() throws Exception {
        webhook("/hook");
        sink.answering(hit -> 500);
        node.status().openIncident(NewIncident.incident(en("Down"), Status.OUTAGE, List.of(), en("Looking")));
        sink.awaitHits(1, WAIT);
        Waiting.until(WAIT, "a retry to be counted", () -> metric("statusstream_notifications_retried_total") >= 1.0);
        Waiting.until(WAIT, "the queue gauge", () -> metric("statusstream_notifications_queued") == 1.0);
        assertTrue(metric("statusstream_notifications_oldest_undelivered_seconds") >= 0.0);
        sink.answering(hit -> 200);
        Waiting.until(WAIT, "delivery", () -> metric("statusstream_notifications_sent_total") == 1.0);
        Waiting.until(WAIT, "an empty queue", () -> metric("statusstream_notifications_queued") == 0.0);
        assertEquals(0.0, metric("statusstream_notifications_oldest_undelivered_seconds"));
    }

    private double metric(String name) {
        try {
            String text = Http.get(node.url("/metrics")).body();
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(text);
            if (!m.find()) {
                throw new AssertionError("no " + name + " in /metrics");
            }
            return Double.parseDouble(m.group(1));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
