package dev.statusstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.internal.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotJsonTest {
    private static final Instant T = Instant.parse("2026-11-27T09:00:00Z");

    static Snapshot sample() {
        var api = new Service("api", "api", LocalizedText.of("en", "Public API"), LocalizedText.of("en", "REST"), 0,
                Status.DEGRADED, LocalizedText.of("en", "Elevated latency"), T, T);
        var update = new IncidentUpdate("u1", IncidentState.IDENTIFIED, new LocalizedText(Map.of("en", "Found it", "ja", "原因特定")), T);
        var incident = new Incident("i1", "2026-11-27-latency", IncidentKind.INCIDENT, Status.DEGRADED,
                IncidentState.IDENTIFIED, List.of("api"), LocalizedText.of("en", "Latency"), null, T, T, T, null, null,
                null, null, null, null, List.of(update));
        return new Snapshot(StatusLabel.PARTIALLY_DEGRADED, List.of(api), List.of(incident), 42, T);
    }

    @Test
    void snapshot_json_uses_the_wire_field_names() throws Exception {
        JsonNode json = Json.mapper().readTree(sample().toJson());
        assertEquals("partiallyDegraded", json.get("statusLabel").asText());
        assertEquals(42, json.get("version").asLong());
        assertEquals("2026-11-27T09:00:00Z", json.get("generatedAt").asText());
        JsonNode service = json.get("services").get(0);
        assertEquals("degraded", service.get("status").asText());
        assertEquals("Elevated latency", service.get("statusSummary").get("en").asText());
        assertEquals("2026-11-27T09:00:00Z", service.get("statusSince").asText());
        assertFalse(service.has("position"), "position is not part of the wire format");
        JsonNode incident = json.get("incidents").get(0);
        assertEquals("degraded", incident.get("incidentImpact").asText());
        assertEquals("identified", incident.get("state").asText());
        assertEquals("api", incident.get("affectedServiceIds").get(0).asText());
        assertTrue(incident.get("resolvedAt").isNull());
        var keys = new java.util.ArrayList<String>();
        incident.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("id", "slug", "kind", "incidentImpact", "state", "affectedServiceIds", "title", "description",
                "publishedAt", "startedAt", "updatedAt", "resolvedAt", "estimatedResolveDate", "scheduledFor",
                "scheduledUntil", "cause", "externalLink", "updates", "postmortem"), keys, "exactly the wire fields, nothing derived");
        assertTrue(incident.get("cause").isNull());
        assertEquals("原因特定", incident.get("updates").get(0).get("body").get("ja").asText());
        assertEquals("identified", incident.get("updates").get(0).get("status").asText());
    }

    @Test
    void snapshot_json_is_one_line_and_round_trips() {
        String json = sample().toJson();
        assertFalse(json.contains("\n") || json.contains("\r"));
        Snapshot back = Snapshot.fromJson(json);
        assertEquals(sample().incidents(), back.incidents());
        assertEquals(sample().version(), back.version());
        assertEquals(sample().services().get(0).statusSummary(), back.services().get(0).statusSummary());
    }

    @Test
    void invalid_snapshots_are_rejected_naming_the_field() {
        assertEquals("snapshot", assertThrows(ValidationException.class, () -> Snapshot.fromJson("not json")).field());
        var badStatus = sample().toJson().replace("\"status\":\"degraded\"", "\"status\":\"sideways\"");
        var e = assertThrows(ValidationException.class, () -> Snapshot.fromJson(badStatus));
        assertTrue(e.field().startsWith("services[0]"), e.field());
        var negative = sample().toJson().replace("\"version\":42", "\"version\":-1");
        assertEquals("version", assertThrows(ValidationException.class, () -> Snapshot.fromJson(negative)).field());
        var badId = sample().toJson().replace("\"id\":\"api\"", "\"id\":\"Not An Id\"");
        assertThrows(ValidationException.class, () -> Snapshot.fromJson(badId));
        assertThrows(ValidationException.class, () -> Snapshot.fromJson("{\"statusLabel\":\"unknown\"}"));
        assertThrows(ValidationException.class, () -> Snapshot.fromJson("[]"));
    }

    @Test
    void missing_optional_lists_read_as_empty() {
        Snapshot s = Snapshot.fromJson("{\"statusLabel\":\"unknown\",\"version\":3,\"generatedAt\":\"2026-11-27T09:00:00Z\"}");
        assertEquals(List.of(), s.services());
        assertNull(s.service("api").orElse(null));
    }
}
