package dev.statusstream.server.api.statuspage;

import dev.statusstream.Incident;
import dev.statusstream.IncidentState;
import dev.statusstream.Service;
import dev.statusstream.Status;
import dev.statusstream.StatusLabel;
import java.util.Collection;
import java.util.List;

/**
 * Our values in Statuspage's vocabulary (the README's "Statuspage-compatible API" section explains the
 * choices). One rule runs through it: a Statuspage value is chosen by how much of the page a status
 * takes away from readers, and the page indicator always agrees with our own banner (the
 * {@code statusLabel} rollup), so the page, the badge and this API never disagree. Stateless.
 */
final class StatuspageValues {
    static final String OPERATIONAL = "operational";

    /** The page indicator and its human description. */
    record Indicator(String indicator, String description) {
    }

    private StatuspageValues() {
    }

    /**
     * A service's status as a component status. Our {@code outage} means the service does not work, so
     * it is {@code major_outage}; we have no finer "partly down" ({@code partial_outage} is never sent;
     * operators say {@code degraded} for that). {@code unknown} is not vouched for, so it is the mildest
     * non-operational status rather than {@code operational}.
     */
    static String componentStatus(Status status) {
        return switch (status) {
            case OPERATIONAL -> OPERATIONAL;
            case DEGRADED, UNKNOWN -> "degraded_performance";
            case OUTAGE -> "major_outage";
            case MAINTENANCE -> "under_maintenance";
        };
    }

    /**
     * The page indicator, from our banner: degraded anywhere is {@code minor}; an outage of some services
     * is {@code major}, of every service {@code critical}; planned maintenance is not a disruption the
     * indicator reports ({@code none}, with the maintenance named in the description and visible in the
     * components and scheduled maintenances).
     */
    static Indicator indicator(StatusLabel label, List<Service> services) {
        return switch (label) {
            case OPERATIONAL -> new Indicator("none", "All Systems Operational");
            case MAINTENANCE, PARTIALLY_MAINTENANCE -> new Indicator("none", "Service Under Maintenance");
            case PARTIALLY_DEGRADED -> new Indicator("minor", "Partially Degraded Service");
            case DEGRADED -> new Indicator("minor", "Degraded Service");
            case OUTAGE -> services.stream().allMatch(s -> s.status() == Status.OUTAGE)
                    ? new Indicator("critical", "Major System Outage")
                    : new Indicator("major", "Partial System Outage");
            case UNKNOWN -> services.isEmpty()
                    ? new Indicator("none", "No Services Listed")
                    : new Indicator("minor", "Service Status Unknown");
        };
    }

    /**
     * An incident's impact by the same rule as the indicator: an outage of every service on the page
     * is {@code critical}, of some {@code major}. Maintenance is {@code maintenance}, the impact
     * Statuspage gives scheduled maintenances.
     */
    static String impact(Incident incident, Collection<String> pageServiceIds) {
        return switch (incident.impact()) {
            case OPERATIONAL -> "none";
            case DEGRADED, UNKNOWN -> "minor";
            case OUTAGE -> !pageServiceIds.isEmpty() && incident.affectedServiceIds().containsAll(pageServiceIds)
                    ? "critical" : "major";
            case MAINTENANCE -> "maintenance";
        };
    }

    /** Incident and maintenance states; Statuspage's spelling of ours ({@code postmortem} has no counterpart). */
    static String state(IncidentState state) {
        return switch (state) {
            case INVESTIGATING -> "investigating";
            case IDENTIFIED -> "identified";
            case MONITORING -> "monitoring";
            case RESOLVED -> "resolved";
            case SCHEDULED -> "scheduled";
            case IN_PROGRESS -> "in_progress";
            case VERIFYING -> "verifying";
            case COMPLETED -> "completed";
        };
    }

    /**
     * What an incident in {@code state} says about its services, as a component status: its impact
     * while it is under way; {@code operational} before a maintenance starts and once anything is over.
     */
    static String claimedComponentStatus(Incident incident, IncidentState state) {
        if (state.isFinal() || state == IncidentState.SCHEDULED) {
            return OPERATIONAL;
        }
        return componentStatus(incident.impact());
    }
}
