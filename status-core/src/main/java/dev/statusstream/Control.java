package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Who sets a service's status: automation (monitors and alerts) or an operator. A status set by hand
 * ({@link SetStatus}) makes the service {@link #MANUAL}; automation then leaves it alone until the
 * operator hands it back ({@link SetControl} with {@link #AUTOMATIC}).
 *
 * <p>Immutable and thread-safe. The wire form is the lowercase name.
 */
public enum Control {
    /** Monitors and alerts set the status (a new service starts so; with no monitor nothing changes it). */
    AUTOMATIC("automatic"),
    /** An operator set the status by hand; automation reports but does not change it. */
    MANUAL("manual");

    private final String wireName;

    Control(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The name used on the wire.
     *
     * @return {@code automatic} or {@code manual}
     */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire name; {@code auto} is read as {@code automatic}.
     *
     * @param value the wire name
     * @return the matching constant
     * @throws ValidationException naming {@code control} when it is neither
     */
    @JsonCreator
    public static Control parse(String value) {
        if ("automatic".equals(value) || "auto".equals(value)) {
            return AUTOMATIC;
        }
        if ("manual".equals(value)) {
            return MANUAL;
        }
        throw new ValidationException("control", "'" + value + "' is not a control (automatic or manual)");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
