package dev.statusstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statusstream.Incident;
import dev.statusstream.IncidentKind;
import dev.statusstream.IncidentState;
import dev.statusstream.IncidentUpdate;
import dev.statusstream.LocalizedText;
import dev.statusstream.Service;
import dev.statusstream.Snapshot;
import dev.statusstream.Status;
import dev.statusstream.StatusLabel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lines {@code status watch} prints for each kind of change, without any network. */
class ChangeLinesTest {
    private static final Instant T = Instant.parse("2026-11-27T09:14:02Z");
    private final ChangeLines lines = new ChangeLines("en");

    private static LocalizedText en(String text) {
        return LocalizedText.of("en", text);
    }

    private static Service service(String id, Status status, String summary) {
        return new Service(id, "", en(id.toUpperCase()), null, 0, status, summary == null ? null : en(summary), T, T);
    }

    private static Snapshot page(long version, StatusLabel label, List<Service> services, Incident... incidents) {
        return new Snapshot(label, services, List.of(incidents), version, T);
    }

    private static Incident incident(String slug, IncidentKind kind, IncidentState state, String... bodies) {
        List<IncidentUpdate> updates = new ArrayList<>();
        for (int i = bodies.length - 1; i >= 0; i--) {
            updates.add(new IncidentUpdate(slug + "-u" + i, i == bodies.length - 1 ? state : IncidentState.INVESTIGATING,
                    en(bodies[i]), T));
        }
        Instant from = kind == IncidentKind.MAINTENANCE ? Instant.parse("2026-11-28T02:00:00Z") : null;
        return new Incident(slug, slug, kind, kind == IncidentKind.MAINTENANCE ? Status.MAINTENANCE : Status.DEGRADED, state,
                List.of("api"), en("Title of " + slug), null, T, T, T, state.isFinal() ? T : null, null, from,
                from == null ? null : from.plusSeconds(7200), null, null, updates);
    }

    @Test
    void the_first_line_says_where_the_page_stands() {
        Snapshot s = page(41, StatusLabel.OPERATIONAL, List.of(service("api", Status.OPERATIONAL, null)));
        assertEquals("09:14:02  v41  watching http://x: overall operational, 1 services, 0 open incidents or maintenance",
                lines.connected(s, "http://x"));
    }

    @Test
    void service_changes_read_as_one_line_each() {
        Snapshot before = page(1, StatusLabel.OPERATIONAL, List.of(service("api", Status.OPERATIONAL, null),
                service("web", Status.OPERATIONAL, null)));
        Snapshot after = page(2, StatusLabel.PARTIALLY_DEGRADED, List.of(service("api", Status.DEGRADED, "Elevated latency"),
                service("db", Status.OPERATIONAL, null)));
        assertEquals(List.of(
                "09:14:02  v2  api: operational -> degraded \"Elevated latency\"",
                "09:14:02  v2  service db added: \"DB\" (operational)",
                "09:14:02  v2  service web removed",
                "09:14:02  v2  overall: operational -> partiallyDegraded"), lines.between(before, after));
    }

    @Test
    void an_incident_reads_as_opened_then_each_update_then_resolved() {
        List<Service> services = List.of(service("api", Status.DEGRADED, null));
        Snapshot none = page(1, StatusLabel.DEGRADED, services);
        Snapshot opened = page(2, StatusLabel.DEGRADED, services, incident("x", IncidentKind.INCIDENT, IncidentState.INVESTIGATING,
                "Investigating"));
        Snapshot updated = page(3, StatusLabel.DEGRADED, services, incident("x", IncidentKind.INCIDENT, IncidentState.IDENTIFIED,
                "Investigating", "A bad deploy"));
        Snapshot resolved = page(4, StatusLabel.DEGRADED, services, incident("x", IncidentKind.INCIDENT, IncidentState.RESOLVED,
                "Investigating", "A bad deploy", "Rolled back"));
        assertEquals(List.of("09:14:02  v2  incident x opened: \"Title of x\" (degraded; api) investigating: Investigating"),
                lines.between(none, opened));
        assertEquals(List.of("09:14:02  v3  incident x: identified: A bad deploy"), lines.between(opened, updated));
        assertEquals(List.of("09:14:02  v4  incident x resolved: Rolled back"), lines.between(updated, resolved));
    }

    @Test
    void a_maintenance_reads_with_its_window() {
        List<Service> services = List.of(service("api", Status.OPERATIONAL, null));
        Snapshot none = page(1, StatusLabel.OPERATIONAL, services);
        Snapshot scheduled = page(2, StatusLabel.OPERATIONAL, services, incident("m", IncidentKind.MAINTENANCE,
                IncidentState.SCHEDULED, "Planned"));
        assertEquals(List.of("09:14:02  v2  maintenance m scheduled 2026-11-28 02:00 UTC to 2026-11-28 04:00 UTC: "
                + "\"Title of m\" (maintenance; api) scheduled: Planned"), lines.between(none, scheduled));
    }
}
