package dev.statusstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The change types are a closed set, written as before. */
class ChangeTypeTest {

    @Test
    void the_change_types_keep_their_written_names() {
        assertEquals(Set.of("service.created", "service.updated", "service.deleted", "service.reordered", "service.status",
                        "incident.opened", "incident.scheduled", "incident.updated", "incident.resolved", "incident.edited",
                        "incident.started", "incident.completed", "incident.postmortem", "page.branding"),
                Arrays.stream(ChangeType.values()).map(ChangeType::wireName).collect(Collectors.toSet()));
        for (ChangeType type : ChangeType.values()) {
            assertEquals(type, ChangeType.parse(type.wireName()));
        }
    }

    @Test
    void a_change_event_of_an_unknown_type_is_refused_and_a_known_one_is_written_as_before() {
        Instant at = Instant.parse("2026-11-27T09:00:00Z");
        assertEquals("type", assertThrows(ValidationException.class,
                () -> new ChangeEvent(1, "service.renamed", "api", at, "{}")).field());
        var event = new ChangeEvent(3, ChangeType.INCIDENT_STARTED, "2026-11-28-db", at, "{\"a\":1}");
        assertEquals("incident", event.entity());
        assertEquals(ChangeType.INCIDENT_STARTED, event.kind());
        assertEquals("{\"version\":3,\"type\":\"incident.started\",\"subject\":\"2026-11-28-db\","
                + "\"committedAt\":\"2026-11-27T09:00:00Z\",\"data\":{\"a\":1}}", event.toJson());
    }
}
