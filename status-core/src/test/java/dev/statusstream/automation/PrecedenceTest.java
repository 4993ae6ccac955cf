package dev.statusstream.automation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.Actor;
import dev.statusstream.ChangeEvent;
import dev.statusstream.Control;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.SetControl;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.internal.Json;
import dev.statusstream.testing.TestServices;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who wins between an operator and automation, against a real PostgreSQL. */
class PrecedenceTest {
    private String databaseUrl;
    private StatusStream status;

    @BeforeEach
    void start() {
        databaseUrl = TestServices.newMigratedDatabase();
        status = StatusStream.create(StatusStreamConfig.defaults().withDatabaseUrl(databaseUrl));
        status.addService(NewService.of("api", LocalizedText.of("en", "API")));
    }

    @AfterEach
    void stop() {
        status.close();
    }

    private boolean report(Status verdict, String cause) {
        return status.automation().report(Actor.monitor("api-http"), "api", verdict, cause).isPresent();
    }

    @Test
    void a_new_service_is_automatic_and_automation_sets_its_status_naming_the_cause() throws Exception {
        assertTrue(report(Status.OUTAGE, "monitor api-http: 3 checks failed in a row (HTTP 500)"));
        var service = status.service("api").orElseThrow();
        assertEquals(Status.OUTAGE, service.status());
        assertEquals("monitor api-http: 3 checks failed in a row (HTTP 500)", service.statusSummary().get("en"));
        List<ChangeEvent> changes = status.changesSince(1, 10);
        assertEquals(1, changes.size());
        assertEquals("monitor api-http: 3 checks failed in a row (HTTP 500)",
                Json.mapper().readTree(changes.getFirst().data()).get("cause").asText());
        try (var c = DriverManager.getConnection(databaseUrl);
             var rows = c.createStatement().executeQuery("select actor from statusstream_change_log where version = 2")) {
            assertTrue(rows.next());
            assertEquals("monitor:api-http", rows.getString(1), "the change log names the monitor as the actor");
        }
    }

    @Test
    void the_same_status_again_takes_no_version() {
        assertTrue(report(Status.OUTAGE, "down"));
        long version = status.snapshot().version();
        assertEquals(false, report(Status.OUTAGE, "still down"));
        assertEquals(version, status.snapshot().version());
    }

    @Test
    void an_operators_status_survives_ten_failing_and_recovering_reports_until_handed_back() {
        status.setStatus("api", Status.DEGRADED, LocalizedText.of("en", "Investigating"));
        long version = status.snapshot().version();
        for (int i = 0; i < 10; i++) {
            assertEquals(false, report(Status.OUTAGE, "monitor api-http: failed"));
            assertEquals(false, report(Status.OPERATIONAL, "monitor api-http: up again"));
        }
        assertEquals(Status.DEGRADED, status.service("api").orElseThrow().status());
        assertEquals("Investigating", status.service("api").orElseThrow().statusSummary().get("en"));
        assertEquals(version, status.snapshot().version(), "no version for refused reports");

        var handedBack = status.execute(new SetControl("api", Control.AUTOMATIC));
        assertEquals(Control.AUTOMATIC, handedBack.value().control());
        assertEquals(version, handedBack.version(), "handing back changes nothing readers see");
        assertEquals(Status.DEGRADED, status.service("api").orElseThrow().status(), "the status stays until automation reports");

        assertTrue(report(Status.OPERATIONAL, "monitor api-http: up again"));
        assertEquals(Status.OPERATIONAL, status.service("api").orElseThrow().status());
    }

    @Test
    void taking_a_service_by_hand_without_setting_a_status_also_stops_automation() {
        status.execute(new SetControl("api", Control.MANUAL));
        assertEquals(false, report(Status.OUTAGE, "down"));
        assertEquals(Status.OPERATIONAL, status.service("api").orElseThrow().status());
    }
}
