package dev.statusstream.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.internal.Json;
import dev.statusstream.server.testing.AdminHttp;
import dev.statusstream.server.testing.SseClient;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every admin route doing its job on a real node, each write reaching an open stream at its version. */
class AdminApiTest {
    private static final String TOKEN = "admin-api-test-token-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(3);
    private String database;
    private TestNode node;
    private AdminHttp admin;
    private SseClient stream;

    @BeforeEach
    void start() throws Exception {
        database = TestServices.newMigratedDatabase();
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", database, "STATUS_REDIS_URL", TestServices.redisUrl(),
                "STATUS_REDIS_PREFIX", TestServices.newRedisPrefix(), "STATUS_ADMIN_TOKEN", TOKEN));
        admin = new AdminHttp(node, TOKEN);
        stream = SseClient.open(node.url("/api/status/stream"));
        assertEquals("0", stream.expect(WAIT).id());
    }

    @AfterEach
    void stop() {
        stream.close();
        node.close();
    }

    /** Sends a write, checks its status, and returns the snapshot the stream delivered at the reply's version. */
    private JsonNode write(int expected, String method, String path, String body) throws Exception {
        AdminHttp.Reply reply = admin.send(method, path, body);
        assertEquals(expected, reply.status(), method + " " + path + ": " + reply.raw().body());
        SseClient.Event event = stream.expect(WAIT);
        assertEquals(Long.toString(reply.version()), event.id(), "the stream carries the change at the version the reply gave");
        last = reply;
        return Json.mapper().readTree(event.data());
    }

    private AdminHttp.Reply last;

    @Test
    void services_are_added_changed_reordered_given_a_status_and_deleted() throws Exception {
        JsonNode page = write(201, "POST", "/api/admin/services",
                "{\"id\":\"api\",\"label\":{\"en\":\"Public API\",\"ja\":\"公開API\"},\"category\":\"Platform\"}");
        assertEquals("/api/admin/services/api", last.header("Location"));
        assertEquals(1, last.version());
        assertEquals("公開API", last.json().get("service").get("label").get("ja").asText());
        assertEquals(0, last.json().get("service").get("position").asInt());
        assertEquals("Public API", page.get("services").get(0).get("label").get("en").asText());

        write(201, "POST", "/api/admin/services", "{\"id\":\"web\",\"label\":\"Website\",\"description\":\"The site\"}");
        assertEquals("The site", last.json().get("service").get("description").get("en").asText(), "a string is the default language");

        page = write(200, "PUT", "/api/admin/services/api/status", "{\"status\":\"degraded\",\"summary\":\"Elevated latency\"}");
        assertEquals("partiallyDegraded", page.get("statusLabel").asText());
        assertEquals("Elevated latency", page.get("services").get(0).get("statusSummary").get("en").asText());

        page = write(200, "PATCH", "/api/admin/services/web", "{\"label\":{\"en\":\"Web\",\"ja\":\"ウェブ\"},\"description\":null}");
        assertTrue(last.json().get("service").get("description").isEmpty(), "null removes the description");
        assertEquals("ウェブ", page.get("services").get(1).get("label").get("ja").asText());

        page = write(200, "PUT", "/api/admin/services/order", "{\"ids\":[\"web\"]}");
        assertEquals(List.of("web", "api"), ids(page.get("services")));

        AdminHttp.Reply one = admin.send("GET", "/api/admin/services/web", null);
        assertEquals(200, one.status());
        assertEquals(0, one.json().get("service").get("position").asInt());
        assertEquals(List.of("web", "api"), ids(admin.send("GET", "/api/admin/services", null).json().get("services")));

        String before = AdminHttp.fingerprint(database);
        page = write(200, "DELETE", "/api/admin/services/web", null);
        assertNotEquals(before, AdminHttp.fingerprint(database), "the fingerprint sees a change (so it can prove none)");
        assertEquals("web", last.json().get("service").get("id").asText(), "the reply shows what was deleted");
        assertEquals(List.of("api"), ids(page.get("services")));
        assertEquals(404, admin.send("GET", "/api/admin/services/web", null).status());
    }

    @Test
    void an_incident_is_opened_updated_three_times_edited_and_resolved() throws Exception {
        admin.send("POST", "/api/admin/services", "{\"id\":\"api\",\"label\":\"API\"}");
        stream.expect(WAIT);
        JsonNode page = write(201, "POST", "/api/admin/incidents", "{\"title\":{\"en\":\"API latency\",\"ja\":\"API遅延\"},"
                + "\"impact\":\"degraded\",\"services\":[\"api\"],\"body\":\"Investigating\"}");
        String slug = last.json().get("incident").get("slug").asText();
        assertTrue(slug.matches("\\d{4}-\\d{2}-\\d{2}-api-latency"), slug);
        assertEquals("/api/admin/incidents/" + slug, last.header("Location"));
        assertEquals("investigating", page.get("incidents").get(0).get("state").asText());

        String[][] steps = {{"identified", "A bad deploy"}, {"monitoring", "Rolled back; watching"}, {"monitoring", "Latency normal"}};
        for (String[] step : steps) {
            page = write(201, "POST", "/api/admin/incidents/" + slug + "/updates",
                    "{\"state\":\"" + step[0] + "\",\"body\":\"" + step[1] + "\"}");
            JsonNode incident = page.get("incidents").get(0);
            assertEquals(step[0], incident.get("state").asText());
            assertEquals(step[1], incident.get("updates").get(0).get("body").get("en").asText());
        }
        page = write(200, "PATCH", "/api/admin/incidents/" + slug, "{\"title\":\"API latency in eu-west\",\"cause\":\"A bad deploy\"}");
        assertEquals("API latency in eu-west", page.get("incidents").get(0).get("title").get("en").asText());
        assertEquals(4, page.get("incidents").get(0).get("updates").size(), "an edit posts no update");

        page = write(200, "POST", "/api/admin/incidents/" + slug + "/resolve", "{\"body\":\"Fixed\"}");
        JsonNode resolved = page.get("incidents").get(0);
        assertEquals("resolved", resolved.get("state").asText());
        assertFalse(resolved.get("resolvedAt").isNull());
        JsonNode shown = admin.send("GET", "/api/admin/incidents/" + slug, null).json().get("incident");
        assertEquals(List.of("resolved", "monitoring", "monitoring", "identified", "investigating"), states(shown.get("updates")));
        assertEquals(1, admin.send("GET", "/api/admin/incidents", null).json().get("incidents").size());
    }

    @Test
    void a_maintenance_is_scheduled_moved_and_runs_by_itself() throws Exception {
        admin.send("POST", "/api/admin/services", "{\"id\":\"db\",\"label\":\"Database\"}");
        stream.expect(WAIT);
        Instant far = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        JsonNode page = write(201, "POST", "/api/admin/incidents", "{\"title\":\"Upgrade\",\"kind\":\"maintenance\",\"services\":[\"db\"],"
                + "\"scheduledFor\":\"" + far + "\",\"scheduledUntil\":\"" + far.plusSeconds(3600) + "\"}");
        String slug = last.json().get("incident").get("slug").asText();
        assertEquals("maintenance", last.json().get("incident").get("incidentImpact").asText(), "a maintenance's impact defaults");
        assertEquals("scheduled", page.get("incidents").get(0).get("state").asText());

        Instant soon = Instant.now().plusMillis(1500).truncatedTo(ChronoUnit.MILLIS);
        write(200, "PATCH", "/api/admin/incidents/" + slug, "{\"scheduledFor\":\"" + soon + "\",\"scheduledUntil\":\""
                + soon.plusMillis(1500) + "\"}");
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            JsonNode next = Json.mapper().readTree(stream.expect(Duration.ofSeconds(5)).data());
            seen.add(next.get("incidents").get(0).get("state").asText() + "/" + next.get("services").get(0).get("status").asText());
        }
        assertEquals(List.of("inProgress/maintenance", "completed/operational"), seen);
    }

    @Test
    void publish_rebroadcasts_the_current_version_and_says_where_it_went() {
        AdminHttp.Reply reply = admin.send("POST", "/api/admin/publish", null, null, "Authorization", "Bearer " + TOKEN);
        assertEquals(200, reply.status(), reply.raw().body());
        assertEquals(0, reply.version());
        assertEquals("published", reply.json().get("publication").get("redis").asText(), reply.raw().body());
    }

    @Test
    void settings_tell_a_client_the_default_language_and_need_the_token() {
        try (TestNode ja = TestNode.start(Map.of("STATUS_DATABASE_URL", database, "STATUS_DEFAULT_LANGUAGE", "ja",
                "STATUS_ADMIN_TOKEN", TOKEN))) {
            var jaAdmin = new AdminHttp(ja, TOKEN);
            AdminHttp.Reply reply = jaAdmin.send("GET", "/api/admin/settings", null);
            assertEquals(200, reply.status(), reply.raw().body());
            assertEquals("ja", reply.json().get("settings").get("defaultLanguage").asText());
            assertEquals(401, jaAdmin.send("GET", "/api/admin/settings", null, null).status(), "no token, no settings");
        }
        assertEquals("en", admin.send("GET", "/api/admin/settings", null).json().get("settings").get("defaultLanguage").asText());
    }

    private static List<String> ids(JsonNode services) {
        List<String> ids = new ArrayList<>();
        services.forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }

    private static List<String> states(JsonNode updates) {
        List<String> states = new ArrayList<>();
        updates.forEach(u -> states.add(u.get("status").asText()));
        return states;
    }

    @Test
    void each_admin_write_is_logged_as_the_token_that_made_it_without_the_token() throws Exception {
        write(201, "POST", "/api/admin/services", "{\"id\":\"api\",\"label\":\"API\"}");
        String actor;
        try (var c = java.sql.DriverManager.getConnection(database);
             var rs = c.createStatement().executeQuery("select actor from statusstream_change_log where version = 1")) {
            rs.next();
            actor = rs.getString(1);
        }
        assertTrue(actor.matches("token:sha256-[0-9a-f]{8}"), actor);
        assertFalse(actor.contains(TOKEN.substring(0, 8)), "the token itself is never written");
    }
}
