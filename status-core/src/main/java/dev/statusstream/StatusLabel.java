package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collection;

/**
 * The overall status of the page, rolled up from the status of every service.
 *
 * <p>Immutable and thread-safe.
 */
public enum StatusLabel {
    /** Every service is operational. */
    OPERATIONAL("operational"),
    /** Every service is degraded. */
    DEGRADED("degraded"),
    /** Some services are degraded, none is down. */
    PARTIALLY_DEGRADED("partiallyDegraded"),
    /** At least one service is down. */
    OUTAGE("outage"),
    /** Every service is in maintenance. */
    MAINTENANCE("maintenance"),
    /** Some services are in maintenance, none is down or degraded. */
    PARTIALLY_MAINTENANCE("partiallyMaintenance"),
    /** No services, or a status that is not known. */
    UNKNOWN("unknown");

    private final String wireName;

    StatusLabel(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The name used on the wire.
     *
     * @return e.g. {@code "partiallyDegraded"}
     */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire name.
     *
     * @param value the wire name, e.g. {@code "partiallyDegraded"}
     * @return the matching constant
     * @throws ValidationException when {@code value} is not a known label
     */
    @JsonCreator
    public static StatusLabel parse(String value) {
        for (StatusLabel label : values()) {
            if (label.wireName.equals(value)) {
                return label;
            }
        }
        throw new ValidationException("statusLabel", "unknown status label '" + value + "'");
    }

    /**
     * The rollup rule: no services is {@code unknown}; any outage is {@code outage}; otherwise any
     * degraded service makes it {@code degraded} when all are degraded, else {@code partiallyDegraded};
     * otherwise the same for maintenance; otherwise {@code operational} when all are operational, else
     * {@code unknown}. An outage outranks maintenance so that maintenance never hides an outage.
     *
     * @param statuses the status of every service on the page
     * @return the overall label
     */
    public static StatusLabel rollup(Collection<Status> statuses) {
        if (statuses.isEmpty()) {
            return UNKNOWN;
        }
        if (statuses.contains(Status.OUTAGE)) {
            return OUTAGE;
        }
        if (statuses.contains(Status.DEGRADED)) {
            return all(statuses, Status.DEGRADED) ? DEGRADED : PARTIALLY_DEGRADED;
        }
        if (statuses.contains(Status.MAINTENANCE)) {
            return all(statuses, Status.MAINTENANCE) ? MAINTENANCE : PARTIALLY_MAINTENANCE;
        }
        return all(statuses, Status.OPERATIONAL) ? OPERATIONAL : UNKNOWN;
    }

    private static boolean all(Collection<Status> statuses, Status wanted) {
        return statuses.stream().allMatch(wanted::equals);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
