package dev.statusstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.testing.MutableClock;
import dev.statusstream.testing.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Maintenance windows moving on the clock, their services, and several nodes racing to move them. */
class MaintenanceSchedulingTest {
    private static final Instant T0 = Instant.parse("2030-03-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final List<StatusStream> opened = new ArrayList<>();
    private String databaseUrl;
    private StatusStream status;

    @BeforeEach
    void start() {
        databaseUrl = TestServices.newMigratedDatabase();
        status = node();
        status.addService(NewService.of("api", en("API")));
        status.addService(NewService.of("db", en("Database")));
        status.setStatus("api", Status.DEGRADED, new LocalizedText(java.util.Map.of("en", "Slow", "ja", "遅い")));
    }

    @AfterEach
    void stop() {
        opened.forEach(StatusStream::close);
    }

    private StatusStream node() {
        StatusStream node = StatusStream.builder().config(StatusStreamConfig.defaults().withDatabaseUrl(databaseUrl))
                .clock(clock).build();
        opened.add(node);
        return node;
    }

    private static LocalizedText en(String text) {
        return LocalizedText.of("en", text);
    }

    private Incident schedule(String title, List<String> services, Duration startsIn, Duration lasts) {
        Instant from = clock.instant().plus(startsIn);
        return status.openIncident(NewIncident.maintenance(en(title), services, en("Planned"), from, from.plus(lasts))).value();
    }

    private Service service(String id) {
        return status.service(id).orElseThrow();
    }

    private Incident incident(String slug) {
        return status.incident(slug).orElseThrow();
    }

    @Test
    void a_window_starts_and_ends_on_the_clock_and_holds_its_services_in_maintenance_meanwhile() {
        Incident window = schedule("Database upgrade", List.of("api", "db"), Duration.ofHours(1), Duration.ofHours(2));
        long scheduledAt = status.snapshot().version();

        clock.advance(Duration.ofMinutes(59));
        assertEquals(List.of(), status.runDueMaintenance(), "not due a minute early");
        assertEquals(scheduledAt, status.snapshot().version(), "nothing due takes no version");

        clock.advance(Duration.ofMinutes(1));
        List<Change<Incident>> started = status.runDueMaintenance();
        assertEquals(1, started.size());
        assertEquals(scheduledAt + 1, started.get(0).version(), "one transition, one version, services included");
        Incident inProgress = incident(window.slug());
        assertEquals(IncidentState.IN_PROGRESS, inProgress.state());
        assertEquals(IncidentState.IN_PROGRESS, inProgress.updates().get(0).status());
        assertEquals("The scheduled maintenance has started.", inProgress.updates().get(0).body().get("en"));
        assertEquals("計画メンテナンスを開始しました。", inProgress.updates().get(0).body().get("ja"));
        for (String id : List.of("api", "db")) {
            assertEquals(Status.MAINTENANCE, service(id).status(), id);
            assertEquals("Database upgrade", service(id).statusSummary().get("en"), id);
        }
        assertEquals(StatusLabel.MAINTENANCE, status.snapshot().statusLabel());

        clock.advance(Duration.ofHours(2));
        List<Change<Incident>> completed = status.runDueMaintenance();
        assertEquals(1, completed.size());
        Incident done = incident(window.slug());
        assertEquals(IncidentState.COMPLETED, done.state());
        assertEquals(T0.plus(Duration.ofHours(3)), done.resolvedAt());
        assertEquals("The scheduled maintenance is complete.", done.updates().get(0).body().get("en"));
        assertEquals(Status.DEGRADED, service("api").status(), "restored to what it was before, not to operational");
        assertEquals("遅い", service("api").statusSummary().get("ja"), "with its summary");
        assertEquals(Status.OPERATIONAL, service("db").status());
        assertEquals(List.of(Status.OPERATIONAL, Status.DEGRADED, Status.MAINTENANCE, Status.DEGRADED),
                status.statusHistory("api", Instant.EPOCH, T0.plus(Duration.ofDays(1))).stream()
                        .map(StatusPeriod::status).toList());
        assertEquals(List.of(), status.runDueMaintenance(), "a completed window never moves again");
    }

    @Test
    void a_status_an_operator_sets_during_the_window_is_kept_when_it_ends() {
        Incident window = schedule("Upgrade", List.of("api", "db"), Duration.ofMinutes(10), Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(10));
        status.runDueMaintenance();
        status.setStatus("db", Status.OUTAGE, en("The upgrade broke it"));
        clock.advance(Duration.ofMinutes(30));
        status.runDueMaintenance();
        assertEquals(IncidentState.COMPLETED, incident(window.slug()).state());
        assertEquals(Status.OUTAGE, service("db").status(), "the operator's later word stands");
        assertEquals(Status.DEGRADED, service("api").status());
    }

    @Test
    void overlapping_windows_restore_a_service_only_when_the_last_one_ends() {
        Incident first = schedule("First", List.of("db"), Duration.ofMinutes(10), Duration.ofMinutes(20));
        Incident second = schedule("Second", List.of("db", "api"), Duration.ofMinutes(20), Duration.ofMinutes(20));
        clock.advance(Duration.ofMinutes(10));
        status.runDueMaintenance();
        assertEquals("First", service("db").statusSummary().get("en"));
        clock.advance(Duration.ofMinutes(10));
        status.runDueMaintenance();
        assertEquals(IncidentState.IN_PROGRESS, incident(second.slug()).state());
        assertEquals(Status.MAINTENANCE, service("api").status());
        assertEquals("First", service("db").statusSummary().get("en"), "already held: left as it is");
        clock.advance(Duration.ofMinutes(10));
        status.runDueMaintenance();
        assertEquals(IncidentState.COMPLETED, incident(first.slug()).state());
        assertEquals(Status.MAINTENANCE, service("db").status(), "the second window still holds it");
        clock.advance(Duration.ofMinutes(10));
        status.runDueMaintenance();
        assertEquals(Status.OPERATIONAL, service("db").status(), "what it was before the first window");
        assertEquals(Status.DEGRADED, service("api").status());
    }

    @Test
    void a_window_that_starts_after_an_operator_overrode_an_earlier_one_holds_the_service_again() {
        Incident first = schedule("First", List.of("db"), Duration.ofMinutes(10), Duration.ofMinutes(20));
        Incident second = schedule("Second", List.of("db"), Duration.ofMinutes(20), Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(10));
        status.runDueMaintenance();
        status.setStatus("db", Status.OPERATIONAL, en("Back early"));
        clock.advance(Duration.ofMinutes(10));
        status.runDueMaintenance();
        assertEquals(IncidentState.IN_PROGRESS, incident(second.slug()).state());
        assertEquals(Status.MAINTENANCE, service("db").status(), "a running window's service is in maintenance");
        assertEquals("Second", service("db").statusSummary().get("en"));
        clock.advance(Duration.ofMinutes(10));
        status.runDueMaintenance();
        assertEquals(IncidentState.COMPLETED, incident(first.slug()).state());
        assertEquals(Status.MAINTENANCE, service("db").status(), "the second window still holds it");
        clock.advance(Duration.ofMinutes(20));
        status.runDueMaintenance();
        assertEquals(Status.OPERATIONAL, service("db").status(), "back to the operator's word");
        assertEquals("Back early", service("db").statusSummary().get("en"));
    }

    @Test
    void a_begun_window_cannot_be_set_back_to_scheduled_without_a_new_start() {
        Incident window = schedule("Upgrade", List.of("db"), Duration.ofMinutes(10), Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(10));
        status.runDueMaintenance();
        long version = status.snapshot().version();
        var refused = assertThrows(ConflictException.class,
                () -> status.updateIncident(window.slug(), IncidentState.SCHEDULED, en("Postponed")));
        assertEquals("state", refused.field());
        assertEquals(version, status.snapshot().version(), "nothing changed");
        assertEquals(IncidentState.IN_PROGRESS, incident(window.slug()).state());
    }

    @Test
    void a_window_missed_entirely_completes_without_touching_its_services() {
        Incident window = schedule("Short", List.of("db"), Duration.ofMinutes(5), Duration.ofMinutes(5));
        long before = status.snapshot().version();
        clock.advance(Duration.ofHours(1));
        assertEquals(1, status.runDueMaintenance().size());
        assertEquals(IncidentState.COMPLETED, incident(window.slug()).state());
        assertEquals(Status.OPERATIONAL, service("db").status());
        assertEquals(before + 1, status.snapshot().version());
    }

    @Test
    void starting_and_completing_by_hand_apply_and_restore_at_once_and_leave_the_clock_nothing_to_do() {
        Incident window = schedule("Early", List.of("db"), Duration.ofHours(1), Duration.ofHours(1));
        status.updateIncident(window.slug(), IncidentState.IN_PROGRESS, en("Starting early"));
        assertEquals(Status.MAINTENANCE, service("db").status());
        status.updateIncident(window.slug(), IncidentState.VERIFYING, en("Checking"));
        assertEquals(Status.MAINTENANCE, service("db").status(), "verifying is still part of the window");
        status.resolveIncident(window.slug(), en("Done early"));
        assertEquals(Status.OPERATIONAL, service("db").status());
        clock.advance(Duration.ofHours(3));
        assertEquals(List.of(), status.runDueMaintenance());
    }

    @Test
    void moving_a_window_moves_its_transitions_and_editing_its_services_while_active_applies_the_difference() {
        Incident window = schedule("Move me", List.of("db"), Duration.ofMinutes(10), Duration.ofMinutes(10));
        status.editIncident(window.slug(), IncidentPatch.window(T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(60))));
        clock.advance(Duration.ofMinutes(15));
        assertEquals(List.of(), status.runDueMaintenance(), "the old start no longer counts");
        clock.advance(Duration.ofMinutes(15));
        assertEquals(1, status.runDueMaintenance().size());

        status.editIncident(window.slug(), new IncidentPatch(null, null, List.of("api"), null, null, null, null, null, null));
        assertEquals(Status.OPERATIONAL, service("db").status(), "removed from the window: restored");
        assertEquals(Status.MAINTENANCE, service("api").status(), "added to an active window: held");

        var end = assertThrows(ValidationException.class, () -> status.editIncident(window.slug(),
                IncidentPatch.window(null, T0.plus(Duration.ofMinutes(20)))));
        assertEquals("scheduledUntil", end.field());
        clock.advance(Duration.ofMinutes(30));
        status.runDueMaintenance();
        assertEquals(Status.DEGRADED, service("api").status());
        var late = assertThrows(ConflictException.class, () -> status.editIncident(window.slug(),
                IncidentPatch.window(null, T0.plus(Duration.ofHours(5)))));
        assertEquals("scheduledUntil", late.field());
    }

    @Test
    void a_window_that_has_already_ended_cannot_be_scheduled() {
        var e = assertThrows(ValidationException.class, () -> status.openIncident(NewIncident.maintenance(en("Past"),
                List.of("db"), null, T0.minus(Duration.ofHours(2)), T0.minus(Duration.ofHours(1)))));
        assertEquals("scheduledUntil", e.field());
    }

    @Test
    void several_nodes_racing_make_each_transition_exactly_once() throws Exception {
        List<StatusStream> nodes = List.of(status, node(), node(), node());
        Incident window = schedule("Raced", List.of("api", "db"), Duration.ofMinutes(1), Duration.ofMinutes(1));
        for (Duration step : List.of(Duration.ofMinutes(1), Duration.ofMinutes(1))) {
            clock.advance(step);
            long before = status.snapshot().version();
            var go = new CountDownLatch(1);
            var made = new AtomicInteger();
            var threads = new ArrayList<Thread>();
            for (StatusStream node : nodes) {
                for (int i = 0; i < 3; i++) {
                    threads.add(Thread.ofPlatform().start(() -> {
                        try {
                            go.await();
                            made.addAndGet(node.runDueMaintenance().size());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }));
                }
            }
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(1, made.get(), "twelve callers on four nodes, one transition");
            assertEquals(before + 1, status.snapshot().version());
        }
        Incident done = incident(window.slug());
        assertEquals(List.of(IncidentState.COMPLETED, IncidentState.IN_PROGRESS, IncidentState.SCHEDULED),
                done.updates().stream().map(IncidentUpdate::status).toList());
        assertEquals(Status.DEGRADED, service("api").status());
    }

    @Test
    void a_following_process_moves_windows_by_itself_on_time() throws Exception {
        try (StatusStream live = StatusStream.create(StatusStreamConfig.defaults().withDatabaseUrl(databaseUrl))) {
            live.follow();
            Instant from = Instant.now().plusMillis(1500);
            Incident window = live.openIncident(NewIncident.maintenance(en("Live"), List.of("db"), null, from,
                    from.plusMillis(1500))).value();
            Instant started = waitFor(live, window.slug(), IncidentState.IN_PROGRESS);
            assertEquals(Status.MAINTENANCE, live.service("db").orElseThrow().status());
            Instant completed = waitFor(live, window.slug(), IncidentState.COMPLETED);
            assertEquals(Status.OPERATIONAL, live.service("db").orElseThrow().status());
            assertTrue(Duration.between(from, started).toMillis() < 1000, "started " + Duration.between(from, started));
            assertTrue(Duration.between(from.plusMillis(1500), completed).toMillis() < 1000,
                    "completed " + Duration.between(from.plusMillis(1500), completed));
        }
    }

    private static Instant waitFor(StatusStream node, String slug, IncidentState state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Incident incident = node.incident(slug).orElseThrow();
            if (incident.state() == state) {
                return incident.updates().get(0).createdAt();
            }
            Thread.sleep(50);
        }
        throw new AssertionError(slug + " never became " + state);
    }
}
