package dev.statusstream.server.api.statuspage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statusstream.Incident;
import dev.statusstream.IncidentKind;
import dev.statusstream.IncidentState;
import dev.statusstream.LocalizedText;
import dev.statusstream.Service;
import dev.statusstream.Status;
import dev.statusstream.StatusLabel;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mapping of our values to Statuspage's, as the README documents it. */
class StatuspageValuesTest {
    private static final Instant T = Instant.parse("2026-11-27T09:00:00Z");

    private static Service service(String id, Status status) {
        return new Service(id, "", LocalizedText.of("en", id), null, 0, status, null, T, T);
    }

    private static List<Service> services(String statuses) {
        if (statuses.isBlank()) {
            return List.of();
        }
        String[] each = statuses.split(" ");
        return IntStream.range(0, each.length).mapToObj(i -> service("s" + i, Status.parse(each[i]))).toList();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"operational, operational", "degraded, degraded_performance", "outage, major_outage",
        "maintenance, under_maintenance", "unknown, degraded_performance"})
    void a_service_status_is_a_component_status(String ours, String theirs) {
        assertEquals(theirs, StatuspageValues.componentStatus(Status.parse(ours)));
    }

    @ParameterizedTest(name = "[{0}] is {1} ({2})")
    @CsvSource({
        "'operational operational', none, All Systems Operational",
        "'maintenance operational', none, Service Under Maintenance",
        "'maintenance maintenance', none, Service Under Maintenance",
        "'degraded operational', minor, Partially Degraded Service",
        "'degraded degraded', minor, Degraded Service",
        "'degraded maintenance', minor, Partially Degraded Service",
        "'outage operational', major, Partial System Outage",
        "'outage maintenance', major, Partial System Outage",
        "'outage outage', critical, Major System Outage",
        "'unknown operational', minor, Service Status Unknown",
        "'', none, No Services Listed"})
    void the_indicator_follows_our_banner(String statuses, String indicator, String description) {
        List<Service> services = services(statuses);
        var result = StatuspageValues.indicator(StatusLabel.rollup(services.stream().map(Service::status).toList()), services);
        assertEquals(indicator, result.indicator());
        assertEquals(description, result.description());
    }

    private static Incident incident(Status impact, IncidentKind kind, IncidentState state, List<String> services) {
        return new Incident("00000000-0000-0000-0000-000000000001", "x", kind, impact, state, services,
                LocalizedText.of("en", "x"), null, T, T, T, null, null,
                kind == IncidentKind.MAINTENANCE ? T : null, kind == IncidentKind.MAINTENANCE ? T.plusSeconds(60) : null,
                null, null, List.of());
    }

    @ParameterizedTest(name = "impact {0} on [{1}] of [a b] is {2}")
    @CsvSource({"operational, a, none", "degraded, a, minor", "unknown, a, minor", "outage, a, major",
        "outage, 'a b', critical", "maintenance, 'a b', maintenance"})
    void an_incident_impact_follows_the_same_rule(String impact, String affected, String expected) {
        Incident incident = incident(Status.parse(impact), IncidentKind.INCIDENT, IncidentState.INVESTIGATING,
                List.of(affected.split(" ")));
        assertEquals(expected, StatuspageValues.impact(incident, List.of("a", "b")));
    }

    @Test
    void an_outage_on_an_empty_page_is_not_critical() {
        Incident incident = incident(Status.OUTAGE, IncidentKind.INCIDENT, IncidentState.INVESTIGATING, List.of());
        assertEquals("major", StatuspageValues.impact(incident, List.of()));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"investigating, investigating", "identified, identified", "monitoring, monitoring",
        "resolved, resolved", "scheduled, scheduled", "inProgress, in_progress", "verifying, verifying",
        "completed, completed"})
    void states_use_statuspages_spelling(String ours, String theirs) {
        assertEquals(theirs, StatuspageValues.state(IncidentState.parse(ours)));
    }

    @ParameterizedTest(name = "a {0} {1} in {2} claims {3}")
    @CsvSource({"incident, outage, investigating, major_outage", "incident, degraded, monitoring, degraded_performance",
        "incident, outage, resolved, operational", "maintenance, maintenance, scheduled, operational",
        "maintenance, maintenance, inProgress, under_maintenance", "maintenance, maintenance, verifying, under_maintenance",
        "maintenance, maintenance, completed, operational"})
    void an_incident_claims_its_impact_only_while_under_way(String kind, String impact, String state, String claimed) {
        Incident incident = incident(Status.parse(impact), IncidentKind.parse(kind), IncidentState.parse(state), List.of("a"));
        assertEquals(claimed, StatuspageValues.claimedComponentStatus(incident, IncidentState.parse(state)));
    }
}
