package dev.statusstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.testing.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox: every change that notifies writes one notification, and a delivery per subscriber it
 * concerns, in its own transaction; a refused change writes none. Read straight from PostgreSQL.
 */
class NotificationOutboxTest {
    private String databaseUrl;
    private StatusStream status;

    @BeforeEach
    void start() {
        databaseUrl = TestServices.newMigratedDatabase();
        status = StatusStream.create(StatusStreamConfig.defaults().withDatabaseUrl(databaseUrl).withAllowPrivateTargets(true));
        status.addService(NewService.of("api", en("API")));
        status.addService(NewService.of("web", en("Website")));
    }

    @AfterEach
    void stop() {
        status.close();
    }

    private static LocalizedText en(String text) {
        return LocalizedText.of("en", text);
    }

    private Subscriber webhook(List<String> services, boolean serviceChanges) {
        return status.execute(new AddSubscriber(SubscriberKind.WEBHOOK, "http://127.0.0.1:9/hook", services, serviceChanges, null, null),
                Actor.token("ops")).value();
    }

    private List<String> rows(String sql) {
        try (Connection c = DriverManager.getConnection(databaseUrl); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private List<String> events() {
        return rows("select event || ' ' || subject from statusstream_notifications order by id");
    }

    private long deliveries() {
        return Long.parseLong(rows("select count(*) from statusstream_deliveries").getFirst());
    }

    @Test
    void adding_a_subscriber_returns_its_secret_once_and_changes_no_page_version() {
        long version = status.snapshot().version();
        Subscriber added = webhook(List.of(), false);
        assertTrue(added.secret().startsWith("whsec_") && added.secret().length() > 40, added.secret());
        assertEquals(SubscriberState.ACTIVE, added.state());
        assertEquals("token:ops", added.createdBy());
        assertEquals(version, status.snapshot().version(), "a subscriber is not on the page");
        Subscriber listed = status.subscriber(added.id()).orElseThrow();
        assertNull(listed.secret(), "the secret is shown once");
        assertEquals(List.of(added.id()), status.subscribers(null, 10).stream().map(Subscriber::id).toList());
        assertEquals(List.of(added.secret()), rows("select secret from statusstream_subscribers"));
    }

    @Test
    void an_incident_opened_updated_and_resolved_is_three_notifications_each_queued_once_per_subscriber() {
        webhook(List.of(), false);
        webhook(List.of("api"), false);
        webhook(List.of("web"), false);
        Incident incident = status.openIncident(NewIncident.incident(en("API down"), Status.OUTAGE, List.of("api"), en("Looking"))).value();
        status.updateIncident(incident.slug(), IncidentState.IDENTIFIED, en("Found it"));
        status.editIncident(incident.slug(), new IncidentPatch(en("API is down"), null, null, null, null, null, null, null, null));
        status.resolveIncident(incident.slug(), en("Fixed"));
        String slug = incident.slug();
        assertEquals(List.of("incident.opened " + slug, "incident.updated " + slug, "incident.resolved " + slug), events(),
                "an edit notifies no one; opening is one notification, not two");
        assertEquals(6, deliveries(), "the whole-page and the api subscriber, not the web one, three times");
        assertEquals(List.of("0"), rows("select count(*) from statusstream_deliveries d join statusstream_subscribers s "
                + "on s.id = d.subscriber_id where s.service_ids = '{web}'"));
    }

    @Test
    void a_refused_write_queues_nothing() {
        webhook(List.of(), false);
        assertThrows(NotFoundException.class, () -> status.updateIncident("no-such-incident", IncidentState.IDENTIFIED, en("x")));
        assertThrows(ValidationException.class, () -> status.openIncident(
                NewIncident.incident(en("Bad"), Status.OUTAGE, List.of("nope"), en("x"))));
        assertEquals(List.of(), events());
        assertEquals(0, deliveries());
    }

    @Test
    void a_service_change_without_an_incident_goes_only_to_subscribers_who_asked() {
        Subscriber asked = webhook(List.of(), true);
        webhook(List.of(), false);
        Subscriber otherService = webhook(List.of("web"), true);
        status.setStatus("api", Status.DEGRADED, en("Slow"));
        status.updateService("api", new ServicePatch(en("Public API"), null, null, null));
        assertEquals(List.of("service.status api"), events());
        assertEquals(List.of(asked.id()), rows("select subscriber_id from statusstream_deliveries"));
        assertTrue(!asked.id().equals(otherService.id()));
    }

    @Test
    void maintenance_notifies_when_scheduled_started_and_completed() {
        webhook(List.of(), false);
        Instant from = Instant.now().plus(Duration.ofDays(1));
        Incident window = status.openIncident(NewIncident.maintenance(en("Upgrade"), List.of("api"), en("Planned"), from,
                from.plus(Duration.ofHours(1)))).value();
        status.updateIncident(window.slug(), IncidentState.IN_PROGRESS, en("Started early"));
        status.resolveIncident(window.slug(), en("Done"));
        String slug = window.slug();
        assertEquals(List.of("maintenance.scheduled " + slug, "maintenance.updated " + slug, "maintenance.completed " + slug), events());
    }

    @Test
    void the_notification_carries_the_page_and_the_incident_as_the_change_left_them() {
        webhook(List.of(), false);
        status.setStatus("api", Status.OUTAGE, en("Down"));
        Incident incident = status.openIncident(NewIncident.incident(en("API down"), Status.OUTAGE, List.of("api"), en("Looking"))).value();
        String payload = rows("select payload::text from statusstream_notifications where event = 'incident.opened'").getFirst();
        assertTrue(payload.contains("\"slug\":\"" + incident.slug() + "\""), payload);
        assertTrue(payload.contains("\"version\":" + status.snapshot().version()), payload);
    }

    @Test
    void pending_and_disabled_subscribers_get_nothing_queued() throws Exception {
        Subscriber active = webhook(List.of(), false);
        Subscriber later = webhook(List.of(), false);
        try (Connection c = DriverManager.getConnection(databaseUrl); Statement st = c.createStatement()) {
            st.executeUpdate("update statusstream_subscribers set state = 'disabled' where id = '" + later.id() + "'");
        }
        status.openIncident(NewIncident.incident(en("Down"), Status.OUTAGE, List.of(), en("Looking")));
        assertEquals(List.of(active.id()), rows("select subscriber_id from statusstream_deliveries"));
    }

    @Test
    void removing_a_subscriber_deletes_its_deliveries_too() {
        Subscriber gone = webhook(List.of(), false);
        status.openIncident(NewIncident.incident(en("Down"), Status.OUTAGE, List.of(), en("Looking")));
        assertEquals(1, deliveries());
        Subscriber removed = status.execute(new RemoveSubscriber(gone.id()), Actor.token("ops")).value();
        assertEquals(gone.id(), removed.id());
        assertEquals(0, deliveries());
        assertTrue(status.subscriber(gone.id()).isEmpty());
        assertThrows(NotFoundException.class, () -> status.execute(new RemoveSubscriber(gone.id()), Actor.token("ops")));
    }

    @Test
    void a_subscriber_url_that_resolves_to_an_internal_address_is_refused_unless_allowed() {
        try (StatusStream strict = StatusStream.create(StatusStreamConfig.defaults().withDatabaseUrl(databaseUrl))) {
            var e = assertThrows(ValidationException.class, () -> strict.execute(new AddSubscriber(SubscriberKind.WEBHOOK,
                    "http://localhost:8080/api/admin/services", List.of(), false, null, null), Actor.library()));
            assertEquals("url", e.field());
            var metadata = assertThrows(ValidationException.class, () -> strict.execute(new AddSubscriber(SubscriberKind.SLACK,
                    "http://169.254.169.254/latest/meta-data/", List.of(), false, null, null), Actor.library()));
            assertEquals("url", metadata.field());
        }
        assertEquals(List.of(), status.subscribers(null, 10));
    }

    @Test
    void subscribers_are_listed_in_pages() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(webhook(List.of(), false).id());
        }
        List<Subscriber> first = status.subscribers(null, 2);
        List<Subscriber> second = status.subscribers(first.getLast().id(), 2);
        List<Subscriber> third = status.subscribers(second.getLast().id(), 2);
        List<String> seen = new ArrayList<>();
        for (List<Subscriber> page : List.of(first, second, third)) {
            page.forEach(s -> seen.add(s.id()));
        }
        assertEquals(ids.stream().sorted().toList(), seen.stream().sorted().toList());
        assertEquals(1, third.size());
        assertThrows(ValidationException.class, () -> status.subscribers(null, 501));
    }
}
