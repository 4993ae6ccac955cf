package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether an incident is an unplanned incident or a scheduled maintenance.
 *
 * <p>Immutable and thread-safe.
 */
public enum IncidentKind {
    /** Something went wrong; starts {@code investigating}, ends {@code resolved}. */
    INCIDENT("incident", IncidentState.INVESTIGATING, IncidentState.RESOLVED),
    /** Planned work in a window; starts {@code scheduled}, ends {@code completed}. */
    MAINTENANCE("maintenance", IncidentState.SCHEDULED, IncidentState.COMPLETED);

    private final String wireName;
    private final IncidentState initialState;
    private final IncidentState finalState;

    IncidentKind(String wireName, IncidentState initialState, IncidentState finalState) {
        this.wireName = wireName;
        this.initialState = initialState;
        this.finalState = finalState;
    }

    /**
     * The name used on the wire.
     *
     * @return {@code incident} or {@code maintenance}
     */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * The state a new incident of this kind starts in.
     *
     * @return {@code investigating} or {@code scheduled}
     */
    public IncidentState initialState() {
        return initialState;
    }

    /**
     * The state that ends an incident of this kind.
     *
     * @return {@code resolved} or {@code completed}
     */
    public IncidentState finalState() {
        return finalState;
    }

    /**
     * Parses a wire name.
     *
     * @param value the wire name, e.g. {@code "maintenance"}
     * @return the matching constant
     * @throws ValidationException when {@code value} is neither {@code incident} nor {@code maintenance}
     */
    @JsonCreator
    public static IncidentKind parse(String value) {
        for (IncidentKind kind : values()) {
            if (kind.wireName.equals(value)) {
                return kind;
            }
        }
        throw new ValidationException("kind", "unknown kind '" + value + "' (expected incident or maintenance)");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
