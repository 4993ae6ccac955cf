package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What an operator or an API token may do. Each role includes the ones before it: a {@code viewer}
 * reads, a {@code responder} also sets statuses and runs incidents and maintenance, an {@code admin}
 * does everything (services, operators, tokens, and whatever else there is to write).
 *
 * <p>Immutable and thread-safe.
 */
public enum Role {
    /** Reads the console and the admin API; writes nothing. */
    VIEWER,
    /** Sets statuses, opens, updates and resolves incidents, schedules maintenance. */
    RESPONDER,
    /** Everything. */
    ADMIN;

    /**
     * Whether this role may do what {@code needed} may.
     *
     * @param needed the role an action requires
     * @return true when this role is {@code needed} or above it
     */
    public boolean allows(Role needed) {
        return compareTo(needed) >= 0;
    }

    /**
     * The role's written name.
     *
     * @return {@code viewer}, {@code responder} or {@code admin}
     */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a role.
     *
     * @param value {@code viewer}, {@code responder} or {@code admin}, in any case
     * @return the role
     * @throws ValidationException naming {@code role} when it is none of them
     */
    @JsonCreator
    public static Role parse(String value) {
        if (value != null) {
            for (Role role : values()) {
                if (role.wireName().equalsIgnoreCase(value.strip())) {
                    return role;
                }
            }
        }
        throw new ValidationException("role", "'" + value + "' is not a role (viewer, responder or admin)");
    }

    @Override
    public String toString() {
        return wireName();
    }
}
