package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether a subscriber is told of changes.
 *
 * <p>Immutable and thread-safe.
 */
public enum SubscriberState {
    /** Waiting for its confirmation (email double opt-in): told nothing. */
    PENDING("pending"),
    /** Told of every change it follows. */
    ACTIVE("active"),
    /** Failing for too long, or turned off: told nothing; {@link Subscriber#disabledReason()} says why. */
    DISABLED("disabled");

    private final String wireName;

    SubscriberState(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The name used on the wire and in the database.
     *
     * @return e.g. {@code active}
     */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire name.
     *
     * @param value e.g. {@code "active"}
     * @return the state
     * @throws ValidationException naming {@code state} when it is none of them
     */
    public static SubscriberState parse(String value) {
        for (SubscriberState state : values()) {
            if (state.wireName.equals(value)) {
                return state;
            }
        }
        throw new ValidationException("state", "'" + value + "' is not one of pending, active, disabled");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
