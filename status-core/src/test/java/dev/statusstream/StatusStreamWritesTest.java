package dev.statusstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.testing.TestServices;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The write path against a real PostgreSQL: versions, change log, history, validation and rollback. */
class StatusStreamWritesTest {
    private String databaseUrl;
    private StatusStream status;

    @BeforeEach
    void start() {
        databaseUrl = TestServices.newDatabase();
        status = StatusStream.create(StatusStreamConfig.defaults().withDatabaseUrl(databaseUrl));
    }

    @AfterEach
    void stop() {
        status.close();
    }

    private static LocalizedText en(String text) {
        return LocalizedText.of("en", text);
    }

    @Test
    void an_empty_database_is_migrated_and_shows_an_empty_page_at_version_zero() {
        Snapshot s = status.snapshot();
        assertEquals(0, s.version());
        assertEquals(StatusLabel.UNKNOWN, s.statusLabel());
        assertEquals(List.of(), s.services());
    }

    @Test
    void migrating_again_changes_nothing() {
        status.addService(NewService.of("api", en("API")));
        try (StatusStream again = StatusStream.create(StatusStreamConfig.defaults().withDatabaseUrl(databaseUrl))) {
            assertEquals(1, again.snapshot().version());
            assertEquals("API", again.snapshot().services().get(0).label().get("en"));
        }
    }

    @Test
    void every_write_takes_the_next_version_and_the_snapshot_reflects_it() {
        assertEquals(1, status.addService(NewService.of("api", en("Public API"))).version());
        assertEquals(2, status.addService(new NewService("web", en("Website"), "frontend", null, null)).version());
        Change<Service> change = status.setStatus("api", Status.DEGRADED, en("Elevated latency"));
        assertEquals(3, change.version());
        assertEquals(Status.DEGRADED, change.value().status());

        Snapshot s = status.snapshot();
        assertEquals(3, s.version());
        assertEquals(StatusLabel.PARTIALLY_DEGRADED, s.statusLabel());
        assertEquals(List.of("api", "web"), s.services().stream().map(Service::id).toList());
        assertEquals("Elevated latency", s.service("api").orElseThrow().statusSummary().get("en"));
        assertEquals("frontend", s.service("web").orElseThrow().category());
    }

    @Test
    void the_change_log_records_each_version_with_its_type_and_data() {
        status.addService(NewService.of("api", en("API")));
        status.setStatus("api", Status.OUTAGE, en("Down"));
        List<ChangeEvent> changes = status.changesSince(0, 100);
        assertEquals(List.of(1L, 2L), changes.stream().map(ChangeEvent::version).toList());
        assertEquals("service.created", changes.get(0).type());
        assertEquals("service.status", changes.get(1).type());
        assertEquals("api", changes.get(1).subject());
        assertTrue(changes.get(1).data().contains("\"status\":\"outage\""), changes.get(1).data());
        assertEquals(List.of(2L), status.changesSince(1, 100).stream().map(ChangeEvent::version).toList());
        assertEquals(List.of(), status.changesSince(2, 100));
    }

    @Test
    void a_rejected_write_changes_nothing_and_takes_no_version() {
        status.addService(NewService.of("api", en("API")));
        assertThrows(ConflictException.class, () -> status.addService(NewService.of("api", en("Again"))));
        var missing = assertThrows(NotFoundException.class, () -> status.setStatus("nope", Status.OUTAGE, null));
        assertTrue(missing.getMessage().contains("'nope'"));
        var noEnglish = assertThrows(ValidationException.class,
                () -> status.setStatus("api", Status.OUTAGE, LocalizedText.of("ja", "障害")));
        assertEquals("summary", noEnglish.field());
        assertEquals(1, status.snapshot().version());
        assertEquals(Status.OPERATIONAL, status.snapshot().service("api").orElseThrow().status());
        assertEquals(1, status.changesSince(0, 10).size());
    }

    @Test
    void status_history_records_a_period_per_status_change() {
        status.addService(NewService.of("api", en("API")));
        status.setStatus("api", Status.OUTAGE, en("Down"));
        status.setStatus("api", Status.OUTAGE, en("Still down, new summary"));
        status.setStatus("api", Status.OPERATIONAL, null);
        List<StatusPeriod> periods = status.statusHistory("api", Instant.EPOCH, Instant.now().plusSeconds(60));
        assertEquals(List.of(Status.OPERATIONAL, Status.OUTAGE, Status.OPERATIONAL),
                periods.stream().map(StatusPeriod::status).toList());
        assertEquals(periods.get(1).start(), periods.get(0).end());
        assertNull(periods.get(2).end());
        assertEquals("Down", periods.get(1).summary().get("en"));
    }

    @Test
    void an_incident_goes_from_open_through_updates_to_resolved() {
        status.addService(NewService.of("api", en("API")));
        Incident opened = status.openIncident(NewIncident.incident(
                new LocalizedText(Map.of("en", "API latency", "ja", "API遅延")), Status.DEGRADED, List.of("api"),
                en("Looking into it"))).value();
        assertTrue(opened.slug().matches("\\d{4}-\\d{2}-\\d{2}-api-latency"), opened.slug());
        assertEquals(IncidentState.INVESTIGATING, opened.state());

        status.updateIncident(opened.slug(), IncidentState.IDENTIFIED, en("A bad deploy"));
        Change<Incident> resolved = status.resolveIncident(opened.slug(), en("Rolled back"));
        assertEquals(IncidentState.RESOLVED, resolved.value().state());
        assertTrue(resolved.value().resolvedAt() != null);

        Incident stored = status.incident(opened.slug()).orElseThrow();
        assertEquals(List.of(IncidentState.RESOLVED, IncidentState.IDENTIFIED, IncidentState.INVESTIGATING),
                stored.updates().stream().map(IncidentUpdate::status).toList());
        assertEquals("API遅延", stored.title().get("ja"));
        assertEquals(1, status.snapshot().incidents().size(), "recently resolved incidents stay in the snapshot");
        assertThrows(ConflictException.class, () -> status.resolveIncident(opened.slug(), null));
    }

    @Test
    void incident_rules_reject_unknown_services_foreign_states_and_taken_slugs() {
        status.addService(NewService.of("api", en("API")));
        var unknown = assertThrows(ValidationException.class, () -> status.openIncident(
                NewIncident.incident(en("x"), Status.OUTAGE, List.of("api", "ghost"), null)));
        assertTrue(unknown.getMessage().contains("'ghost'"));
        assertEquals("services[1]", unknown.field(), "an unknown id in the request is bad input, named by its place");
        String slug = status.openIncident(NewIncident.incident(en("Same title"), Status.OUTAGE, List.of(), null)).value().slug();
        String second = status.openIncident(NewIncident.incident(en("Same title"), Status.OUTAGE, List.of(), null)).value().slug();
        assertEquals(slug + "-2", second);
        String last = null;
        for (int n = 3; n <= 22; n++) {
            last = status.openIncident(NewIncident.incident(en("Same title"), Status.OUTAGE, List.of(), null)).value().slug();
        }
        assertEquals(slug + "-22", last, "slugs are tried 20 to a read; the next read goes on where the first stopped");
        var foreign = assertThrows(ValidationException.class,
                () -> status.updateIncident(slug, IncidentState.IN_PROGRESS, en("x")));
        assertEquals("state", foreign.field());
        assertEquals("body", assertThrows(ValidationException.class,
                () -> status.updateIncident(slug, IncidentState.IDENTIFIED, null)).field());
        assertThrows(NotFoundException.class, () -> status.updateIncident("no-such", IncidentState.IDENTIFIED, en("x")));
    }

    @Test
    void a_maintenance_starts_scheduled_and_completes() {
        status.addService(NewService.of("db", en("Database")));
        Instant from = Instant.now().plusSeconds(3600);
        Incident m = status.openIncident(NewIncident.maintenance(en("Upgrade"), List.of("db"), en("Planned"),
                from, from.plusSeconds(1800))).value();
        assertEquals(IncidentKind.MAINTENANCE, m.kind());
        assertEquals(IncidentState.SCHEDULED, m.state());
        assertEquals(Status.MAINTENANCE, m.impact());
        assertTrue(status.snapshot().incident(m.slug()).isPresent(), "upcoming maintenance is in the snapshot");
        assertEquals(IncidentState.COMPLETED, status.resolveIncident(m.slug(), null).value().state());
    }

    @Test
    void services_can_be_updated_reordered_and_deleted() {
        status.addService(NewService.of("a", en("A")));
        status.addService(NewService.of("b", en("B")));
        status.addService(NewService.of("c", en("C")));
        status.updateService("b", new ServicePatch(en("Bee"), "letters", null, null));
        status.reorderServices(List.of("c", "a"));
        assertEquals(List.of("c", "a", "b"), status.snapshot().services().stream().map(Service::id).toList());
        assertEquals("Bee", status.snapshot().service("b").orElseThrow().label().get("en"));
        status.deleteService("a");
        assertFalse(status.snapshot().service("a").isPresent());
        assertThrows(NotFoundException.class, () -> status.deleteService("a"));
        assertEquals("body", assertThrows(ValidationException.class,
                () -> status.updateService("b", new ServicePatch(null, null, null, null))).field());
    }

    @Test
    void versions_follow_commit_order_under_concurrent_writers() throws Exception {
        status.addService(NewService.of("api", en("API")));
        // as many writers as the pool has connections: each always holds one, so what they contend on is
        // the version itself (more writers would also measure the pool's wait, which a loaded machine exceeds)
        int writers = 8;
        int each = 25;
        var threads = new java.util.ArrayList<Thread>();
        var versions = java.util.Collections.synchronizedList(new java.util.ArrayList<Long>());
        for (int w = 0; w < writers; w++) {
            int n = w;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    Status next = Status.values()[(n + i) % 3];
                    versions.add(status.setStatus("api", next, en("writer " + n + " step " + i)).version());
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(writers * each, versions.size());
        assertEquals(writers * each, versions.stream().distinct().count(), "no version handed out twice");
        List<ChangeEvent> log = status.changesSince(1, 10_000);
        assertEquals(writers * each, log.size(), "every acknowledged write is in the change log");
        for (int i = 0; i < log.size(); i++) {
            assertEquals(i + 2, log.get(i).version(), "versions are contiguous");
        }
        // commit order: each version's commit time is not earlier than its predecessor's
        try (var c = DriverManager.getConnection(databaseUrl);
             var rs = c.createStatement().executeQuery("select bool_and(ok) from (select committed_at >= lag(committed_at) "
                     + "over (order by version) as ok from statusstream_change_log) t where ok is not null")) {
            rs.next();
            assertTrue(rs.getBoolean(1));
        }
        assertEquals(1 + writers * each, status.snapshot().version());
    }

    @Test
    void the_change_log_records_who_asked_for_each_write() throws Exception {
        status.addService(NewService.of("api", en("API")));
        status.execute(new SetStatus("api", Status.OUTAGE, null), Actor.token("ci"));
        status.execute(new SetStatus("api", Status.DEGRADED, null), Actor.cli("box"));
        try (var c = DriverManager.getConnection(databaseUrl);
             var rs = c.createStatement().executeQuery("select actor from statusstream_change_log order by version")) {
            List<String> actors = new java.util.ArrayList<>();
            while (rs.next()) {
                actors.add(rs.getString(1));
            }
            assertEquals(List.of("library", "token:ci", "cli@box"), actors);
        }
    }
}
