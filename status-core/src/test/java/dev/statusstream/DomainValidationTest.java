package dev.statusstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DomainValidationTest {
    private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"", "-api", "API", "api_v2", "api.v2", "a b", "ab/c",
        "a234567890123456789012345678901234567890123456789012345678901234"})
    void service_ids_that_are_not_slugs_are_rejected_naming_the_id(String id) {
        var e = assertThrows(ValidationException.class, () -> Service.checkId(id));
        assertEquals("id", e.field());
        assertTrue(e.getMessage().contains("'" + id + "'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "api", "0", "eu-west-1", "a23456789012345678901234567890123456789012345678901234567890123"})
    void service_ids_that_are_slugs_are_accepted(String id) {
        assertEquals(id, Service.checkId(id));
    }

    @Test
    void localized_text_normalizes_tags_and_trims_text() {
        var text = new LocalizedText(Map.of("EN", "  Outage  ", "pt_BR", "Falha"));
        assertEquals("Outage", text.get("en"));
        assertEquals("Falha", text.get("pt-br"));
    }

    @Test
    void localized_text_rejects_blank_text_and_bad_tags() {
        assertEquals("text", assertThrows(ValidationException.class, () -> LocalizedText.of("en", "  ")).field());
        assertEquals("language", assertThrows(ValidationException.class, () -> LocalizedText.of("english!", "x")).field());
    }

    @Test
    void localized_text_check_requires_the_default_language_and_limits_length() {
        var japaneseOnly = LocalizedText.of("ja", "障害");
        var e = assertThrows(ValidationException.class, () -> japaneseOnly.check("title", "en", true, 10));
        assertEquals("title", e.field());
        var tooLong = LocalizedText.of("en", "x".repeat(11));
        assertEquals("title.en", assertThrows(ValidationException.class, () -> tooLong.check("title", "en", true, 10)).field());
        assertEquals("title", assertThrows(ValidationException.class,
                () -> LocalizedText.EMPTY.check("title", "en", true, 10)).field());
        LocalizedText.EMPTY.check("body", "en", false, 10);
    }

    @Test
    void localized_text_resolves_preferred_then_default_then_any() {
        var text = new LocalizedText(Map.of("en", "Outage", "ja", "障害"));
        assertEquals("障害", text.resolve(List.of("fr", "ja"), "en"));
        assertEquals("Outage", text.resolve(List.of("fr"), "en"));
        assertEquals("障害", LocalizedText.of("ja", "障害").resolve(List.of("fr"), "en"));
        assertEquals("", LocalizedText.EMPTY.resolve(List.of("fr"), "en"));
    }

    @Test
    void maintenance_needs_a_window_that_ends_after_it_starts() {
        var title = LocalizedText.of("en", "Database upgrade");
        assertEquals("scheduledFor", assertThrows(ValidationException.class,
                () -> NewIncident.maintenance(title, List.of(), null, null, NOW)).field());
        assertEquals("scheduledUntil", assertThrows(ValidationException.class,
                () -> NewIncident.maintenance(title, List.of(), null, NOW, NOW)).field());
        assertEquals("scheduledUntil", assertThrows(ValidationException.class,
                () -> NewIncident.maintenance(title, List.of(), null, NOW, NOW.minusSeconds(60))).field());
        NewIncident.maintenance(title, List.of(), null, NOW, NOW.plusSeconds(60));
        // PostgreSQL keeps microseconds: a window one nanosecond long would be stored empty
        assertEquals("scheduledUntil", assertThrows(ValidationException.class,
                () -> NewIncident.maintenance(title, List.of(), null, NOW, NOW.plusNanos(1))).field());
        var window = NewIncident.maintenance(title, List.of(), null, NOW.plusNanos(1_999), NOW.plusSeconds(60).plusNanos(999));
        assertEquals(NOW.plusNanos(1_000), window.scheduledFor(), "the time as stored");
        assertEquals(NOW.plusSeconds(60), window.scheduledUntil());
    }

    @Test
    void incident_windows_belong_to_maintenance_only() {
        var e = assertThrows(ValidationException.class, () -> new NewIncident(LocalizedText.of("en", "x"), Status.OUTAGE,
                List.of(), null, IncidentKind.INCIDENT, null, NOW, NOW.plusSeconds(1), null, null, null, null));
        assertEquals("scheduledFor", e.field());
    }

    @Test
    void affected_service_ids_are_checked_with_their_index() {
        var e = assertThrows(ValidationException.class, () -> NewIncident.incident(LocalizedText.of("en", "x"),
                Status.OUTAGE, List.of("api", "Bad Id"), null));
        assertEquals("services[1]", e.field());
    }

    @Test
    void unknown_enum_values_name_the_accepted_ones() {
        var e = assertThrows(ValidationException.class, () -> Status.parse("down"));
        assertEquals("status", e.field());
        assertTrue(e.getMessage().contains("operational, degraded, outage, maintenance, unknown"), e.getMessage());
        assertEquals("state", assertThrows(ValidationException.class, () -> IncidentState.parse("fixed")).field());
    }

    @Test
    void states_know_their_kind_and_finality() {
        assertEquals(IncidentKind.MAINTENANCE, IncidentState.IN_PROGRESS.kind());
        assertEquals(IncidentKind.INCIDENT, IncidentState.MONITORING.kind());
        assertTrue(IncidentState.RESOLVED.isFinal());
        assertTrue(IncidentState.COMPLETED.isFinal());
        assertEquals(IncidentState.SCHEDULED, IncidentKind.MAINTENANCE.initialState());
    }
}
