package dev.statusstream.server.api.statuspage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.Incident;
import dev.statusstream.IncidentState;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.NewService;
import dev.statusstream.ServicePatch;
import dev.statusstream.Status;
import dev.statusstream.internal.Json;
import dev.statusstream.server.testing.Http;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Statuspage-compatible API on a real server with a real page: services in a category and without,
 * an open outage, a resolved incident, an upcoming and an active maintenance.
 */
class StatuspageApiTest {
    private static TestNode node;
    private static String openSlug;
    private static String resolvedSlug;
    private static String upcomingSlug;
    private static String activeSlug;

    @BeforeAll
    static void start() {
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(),
                "STATUS_REDIS_URL", TestServices.redisUrl(), "STATUS_REDIS_PREFIX", TestServices.newRedisPrefix(),
                "STATUS_PAGE_NAME", "Acme Status", "STATUS_PUBLIC_URL", "https://status.acme.test/"));
        var status = node.status();
        status.addService(new NewService("api", new LocalizedText(Map.of("en", "Public API", "ja", "公開API")), "Platform",
                LocalizedText.of("en", "Requests to api.acme.test"), null));
        status.addService(new NewService("web", LocalizedText.of("en", "Website"), "Platform", null, null));
        status.addService(NewService.of("db", LocalizedText.of("en", "Database")));
        status.setStatus("api", Status.OUTAGE, LocalizedText.of("en", "Down"));

        resolvedSlug = status.openIncident(NewIncident.incident(LocalizedText.of("en", "Slow website"), Status.DEGRADED,
                List.of("web"), LocalizedText.of("en", "Looking"))).value().slug();
        status.resolveIncident(resolvedSlug, LocalizedText.of("en", "Fixed"));

        openSlug = status.openIncident(NewIncident.incident(new LocalizedText(Map.of("en", "API down", "ja", "API停止")),
                Status.OUTAGE, List.of("api"), LocalizedText.of("en", "Investigating"))).value().slug();
        status.updateIncident(openSlug, IncidentState.IDENTIFIED, LocalizedText.of("en", "Bad deploy"));
        status.updateIncident(openSlug, IncidentState.MONITORING, LocalizedText.of("en", "Rolled back"));

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        upcomingSlug = status.openIncident(NewIncident.maintenance(LocalizedText.of("en", "Database upgrade"),
                List.of("db"), LocalizedText.of("en", "Planned"), now.plus(2, ChronoUnit.DAYS),
                now.plus(2, ChronoUnit.DAYS).plus(2, ChronoUnit.HOURS))).value().slug();
        activeSlug = status.openIncident(NewIncident.maintenance(LocalizedText.of("en", "Network work"),
                List.of("web"), LocalizedText.of("en", "Planned"), now.minus(1, ChronoUnit.HOURS),
                now.plus(1, ChronoUnit.HOURS))).value().slug();
        // its window has begun: the node's maintenance schedule starts it (this call makes sure it has happened)
        status.runDueMaintenance();
        Incident active = status.incident(activeSlug).orElseThrow();
        assertEquals(IncidentState.IN_PROGRESS, active.state());
        node.awaitVersion(status.changesSince(0, 1000).getLast().version());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static JsonNode get(String path) throws Exception {
        var response = Http.get(node.url(path));
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        assertTrue(Http.header(response, "Content-Type").startsWith("application/json"), path);
        return Json.mapper().readTree(response.body());
    }

    private static JsonNode fixture(String name) throws Exception {
        try (InputStream in = StatuspageApiTest.class.getResourceAsStream("/statuspage/" + name)) {
            assertNotNull(in, "fixture " + name);
            return Json.mapper().readTree(in);
        }
    }

    @ParameterizedTest(name = "{0} has the fields of Statuspage''s {1}")
    @CsvSource({
        "/api/v2/summary.json, summary.json",
        "/api/v2/status.json, status.json",
        "/api/v2/components.json, components.json",
        "/api/v2/incidents.json, incidents.json",
        "/api/v2/incidents/unresolved.json, incidents-unresolved.json",
        "/api/v2/scheduled-maintenances.json, scheduled-maintenances.json",
        "/api/v2/scheduled-maintenances/upcoming.json, scheduled-maintenances-upcoming.json",
        "/api/v2/scheduled-maintenances/active.json, scheduled-maintenances-active.json"})
    void every_document_has_the_fields_and_values_of_statuspages_documentation(String path, String fixture)
            throws Exception {
        JsonNode actual = get(path);
        List<String> differences = JsonShape.differences(fixture(fixture), actual);
        assertTrue(differences.isEmpty(), path + " differs from Statuspage:\n" + String.join("\n", differences)
                + "\n" + actual.toPrettyString());
        // an empty list proves nothing about its elements: every list in our documents has some here
        actual.fields().forEachRemaining(field -> {
            if (field.getValue().isArray()) {
                assertFalse(field.getValue().isEmpty(), path + " has no " + field.getKey() + " to check");
            }
        });
    }

    @Test
    void the_page_is_named_and_placed_by_configuration() throws Exception {
        JsonNode page = get("/api/v2/status.json").get("page");
        assertEquals("Acme Status", page.get("name").asText());
        assertEquals("https://status.acme.test", page.get("url").asText(), "kept without the trailing slash");
        assertEquals("Etc/UTC", page.get("time_zone").asText());
        assertEquals(page.get("id").asText(), get("/api/v2/summary.json").get("page").get("id").asText(), "stable id");
        assertEquals(node.status().snapshot().generatedAt(), Instant.parse(page.get("updated_at").asText()));
    }

    @Test
    void an_outage_of_some_services_is_a_major_indicator() throws Exception {
        JsonNode status = get("/api/v2/status.json").get("status");
        assertEquals("major", status.get("indicator").asText());
        assertEquals("Partial System Outage", status.get("description").asText());
    }

    @Test
    void components_carry_our_statuses_and_categories_become_groups() throws Exception {
        JsonNode components = get("/api/v2/components.json").get("components");
        assertEquals(4, components.size(), "a Platform group, api, web, db: " + components);
        JsonNode group = components.get(0);
        assertTrue(group.get("group").asBoolean());
        assertEquals("Platform", group.get("name").asText());
        assertEquals("major_outage", group.get("status").asText(), "a group shows its worst member");
        assertEquals(List.of("api", "web"), texts(group.get("components")));
        JsonNode api = components.get(1);
        assertEquals("api", api.get("id").asText());
        assertEquals("Public API", api.get("name").asText());
        assertEquals("Requests to api.acme.test", api.get("description").asText());
        assertEquals("major_outage", api.get("status").asText());
        assertEquals(group.get("id").asText(), api.get("group_id").asText());
        assertEquals(2, api.get("position").asInt());
        JsonNode db = components.get(3);
        assertEquals("operational", db.get("status").asText());
        assertTrue(db.get("group_id").isNull());
        assertTrue(db.get("description").isNull(), "no description is null, as Statuspage writes it");
        Instant created = Instant.parse(api.get("created_at").asText());
        assertFalse(created.isAfter(Instant.parse(api.get("updated_at").asText())), "created before its last change");
    }

    @Test
    void summary_shows_the_open_incident_with_its_timeline_and_affected_components() throws Exception {
        JsonNode summary = get("/api/v2/summary.json");
        Files.writeString(Path.of("target", "summary-example.json"), summary.toPrettyString());
        JsonNode incidents = summary.get("incidents");
        assertEquals(1, incidents.size(), "only the unresolved incident");
        JsonNode incident = incidents.get(0);
        assertEquals("API down", incident.get("name").asText());
        assertEquals("monitoring", incident.get("status").asText());
        assertEquals("major", incident.get("impact").asText(), "an outage of some of the page's services");
        assertEquals("https://status.acme.test/incidents/" + openSlug, incident.get("shortlink").asText());
        assertEquals(List.of("api"), ids(incident.get("components")));
        JsonNode updates = incident.get("incident_updates");
        assertEquals(List.of("monitoring", "identified", "investigating"), texts(updates, "status"), "newest first");
        assertEquals("Rolled back", updates.get(0).get("body").asText());
        assertEquals(updates.get(0).get("created_at").asText(), incident.get("monitoring_at").asText());
        JsonNode opening = updates.get(2).get("affected_components");
        assertEquals(1, opening.size());
        assertEquals("api", opening.get(0).get("code").asText());
        assertEquals("operational", opening.get(0).get("old_status").asText());
        assertEquals("major_outage", opening.get(0).get("new_status").asText());
        assertTrue(updates.get(0).get("affected_components").isNull(), "an update that changed no component");
        assertEquals(List.of(activeSlug, upcomingSlug), slugs(summary.get("scheduled_maintenances")), "soonest first");
    }

    @Test
    void incidents_json_lists_resolved_incidents_and_unresolved_only_open_ones() throws Exception {
        JsonNode all = get("/api/v2/incidents.json").get("incidents");
        assertEquals(List.of(openSlug, resolvedSlug), slugs(all), "newest first, no maintenance");
        JsonNode resolved = all.get(1);
        assertEquals("resolved", resolved.get("status").asText());
        assertEquals("minor", resolved.get("impact").asText());
        assertFalse(resolved.get("resolved_at").isNull());
        JsonNode closing = resolved.get("incident_updates").get(0).get("affected_components");
        assertEquals("degraded_performance", closing.get(0).get("old_status").asText());
        assertEquals("operational", closing.get(0).get("new_status").asText());
        assertEquals(List.of(openSlug), slugs(get("/api/v2/incidents/unresolved.json").get("incidents")));
    }

    @Test
    void the_html_page_carries_the_configured_name_like_the_api_and_the_feeds() throws Exception {
        String html = Http.get(node.url("/")).body();
        assertTrue(html.contains("· Acme Status</title>"), "the title");
        assertTrue(html.contains(">Acme Status</a>"), "the brand in the header");
        assertEquals("Acme Status", get("/api/v2/status.json").get("page").get("name").asText());
    }

    @Test
    void maintenances_are_split_into_upcoming_and_active_by_state() throws Exception {
        JsonNode upcoming = get("/api/v2/scheduled-maintenances/upcoming.json").get("scheduled_maintenances");
        assertEquals(List.of(upcomingSlug), slugs(upcoming));
        assertEquals("scheduled", upcoming.get(0).get("status").asText());
        assertEquals("maintenance", upcoming.get(0).get("impact").asText());
        assertTrue(upcoming.get(0).get("incident_updates").get(0).get("affected_components").isNull(),
                "a scheduled maintenance does not touch its components yet");
        var incident = node.status().incident(upcomingSlug).orElseThrow();
        assertEquals(incident.scheduledFor(), Instant.parse(upcoming.get(0).get("scheduled_for").asText()));
        assertEquals(incident.scheduledUntil(), Instant.parse(upcoming.get(0).get("scheduled_until").asText()));
        JsonNode active = get("/api/v2/scheduled-maintenances/active.json").get("scheduled_maintenances");
        assertEquals(List.of(activeSlug), slugs(active));
        assertEquals("in_progress", active.get(0).get("status").asText());
        assertEquals("under_maintenance",
                active.get(0).get("incident_updates").get(0).get("affected_components").get(0).get("new_status").asText());
        assertEquals(2, get("/api/v2/scheduled-maintenances.json").get("scheduled_maintenances").size());
    }

    @Test
    void lang_picks_the_language_of_texts_and_falls_back_to_the_default() throws Exception {
        JsonNode summary = get("/api/v2/summary.json?lang=ja");
        assertEquals("API停止", summary.get("incidents").get(0).get("name").asText());
        assertEquals("公開API", summary.get("components").get(1).get("name").asText());
        assertEquals("Website", summary.get("components").get(2).get("name").asText(), "no Japanese label: English");
        var bad = Http.get(node.url("/api/v2/summary.json?lang=%3Cscript%3E"));
        assertEquals(400, bad.statusCode());
        assertEquals("lang", Json.mapper().readTree(bad.body()).get("field").asText());
    }

    @Test
    void a_change_shows_in_the_next_answer() throws Exception {
        String before = get("/api/v2/components.json").get("components").get(3).get("name").asText();
        node.awaitVersion(node.status().updateService("db",
                new ServicePatch(LocalizedText.of("en", "Primary database"), null, null, null)).version());
        assertEquals("Primary database", get("/api/v2/components.json").get("components").get(3).get("name").asText());
        assertEquals("Database", before);
    }

    private static List<String> texts(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(n -> result.add(n.asText()));
        return result;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> result = new ArrayList<>();
        array.forEach(n -> result.add(n.get(field).asText()));
        return result;
    }

    private static List<String> ids(JsonNode array) {
        return texts(array, "id");
    }

    private static List<String> slugs(JsonNode incidents) {
        List<String> result = new ArrayList<>();
        incidents.forEach(n -> result.add(n.get("shortlink").asText().replaceFirst(".*/incidents/", "")));
        return result;
    }
}
