package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The state of an incident ({@code investigating} to {@code resolved}) or of a scheduled maintenance
 * ({@code scheduled} to {@code completed}).
 *
 * <p>Immutable and thread-safe.
 */
public enum IncidentState {
    /** An incident whose cause is being looked for. */
    INVESTIGATING("investigating", false),
    /** An incident whose cause is known. */
    IDENTIFIED("identified", false),
    /** An incident with a fix in place, being watched. */
    MONITORING("monitoring", false),
    /** An incident that is over. */
    RESOLVED("resolved", false),
    /** A maintenance that has not started. */
    SCHEDULED("scheduled", true),
    /** A maintenance under way. */
    IN_PROGRESS("inProgress", true),
    /** A maintenance whose work is done, being checked. */
    VERIFYING("verifying", true),
    /** A maintenance that is over. */
    COMPLETED("completed", true);

    private final String wireName;
    private final boolean maintenance;

    IncidentState(String wireName, boolean maintenance) {
        this.wireName = wireName;
        this.maintenance = maintenance;
    }

    /**
     * The name used on the wire.
     *
     * @return e.g. {@code "inProgress"}
     */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * The kind of incident this state belongs to.
     *
     * @return incident or maintenance
     */
    public IncidentKind kind() {
        return maintenance ? IncidentKind.MAINTENANCE : IncidentKind.INCIDENT;
    }

    /**
     * Whether the incident is over.
     *
     * @return true for {@code resolved} and {@code completed}
     */
    public boolean isFinal() {
        return this == RESOLVED || this == COMPLETED;
    }

    /**
     * Parses a wire name.
     *
     * @param value the wire name, e.g. {@code "inProgress"}
     * @return the matching constant
     * @throws ValidationException naming the accepted values when {@code value} is not one of them
     */
    @JsonCreator
    public static IncidentState parse(String value) {
        for (IncidentState state : values()) {
            if (state.wireName.equals(value)) {
                return state;
            }
        }
        throw new ValidationException("state", "unknown state '" + value + "' (expected one of "
                + Arrays.stream(values()).map(IncidentState::wireName).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
