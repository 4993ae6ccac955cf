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
    INVESTIGATING("investigating", false),
    IDENTIFIED("identified", false),
    MONITORING("monitoring", false),
    RESOLVED("resolved", false),
    SCHEDULED("scheduled", true),
    IN_PROGRESS("inProgress", true),
    VERIFYING("verifying", true),
    COMPLETED("completed", true);

    private final String wireName;
    private final boolean maintenance;

    IncidentState(String wireName, boolean maintenance) {
        this.wireName = wireName;
        this.maintenance = maintenance;
    }

    /** The name used on the wire, e.g. {@code "inProgress"}. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The kind of incident this state belongs to. */
    public IncidentKind kind() {
        return maintenance ? IncidentKind.MAINTENANCE : IncidentKind.INCIDENT;
    }

    /** True for {@code resolved} and {@code completed}: the incident is over. */
    public boolean isFinal() {
        return this == RESOLVED || this == COMPLETED;
    }

    /**
     * Parses a wire name.
     *
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
