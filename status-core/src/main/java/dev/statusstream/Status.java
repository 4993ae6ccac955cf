package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The status of one service, and the impact of an incident.
 *
 * <p>Immutable and thread-safe. The wire form ({@link #wireName()}) is the lowercase name used in
 * JSON, the CLI and the admin API.
 */
public enum Status {
    /** Working normally. */
    OPERATIONAL("operational"),
    /** Working, but slow or with errors. */
    DEGRADED("degraded"),
    /** Not working. */
    OUTAGE("outage"),
    /** Down or limited for planned maintenance. */
    MAINTENANCE("maintenance"),
    /** Not known (no data). */
    UNKNOWN("unknown");

    private final String wireName;

    Status(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The name used on the wire.
     *
     * @return e.g. {@code "degraded"}
     */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire name.
     *
     * @param value the wire name, e.g. {@code "degraded"}
     * @return the matching constant
     * @throws ValidationException naming the accepted values when {@code value} is not one of them
     */
    @JsonCreator
    public static Status parse(String value) {
        for (Status status : values()) {
            if (status.wireName.equals(value)) {
                return status;
            }
        }
        throw new ValidationException("status", "unknown status '" + value + "' (expected one of "
                + Arrays.stream(values()).map(Status::wireName).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
