package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A monitor of a service: a heartbeat a job must ping in time, or a check (HTTP or TCP) the servers run
 * every interval. A monitor that goes down sets its service's status through {@link Automation} (while
 * the service is automatic); one that comes back up restores it.
 *
 * <p>Immutable and thread-safe. The JSON form is what the admin API's {@code /monitors} routes serve.
 *
 * @param name           unique name, {@code [a-z0-9][a-z0-9-]{0,62}}
 * @param serviceId      the service it sets
 * @param kind           heartbeat, http or tcp
 * @param target         the URL or {@code host:port} a check reaches; null for a heartbeat
 * @param interval       how often a check runs, or how often the job pings
 * @param grace          how late a ping may be (heartbeats)
 * @param timeout        how long a check waits (checks)
 * @param expectFrom     lowest HTTP status that counts as up
 * @param expectTo       highest HTTP status that counts as up
 * @param bodyContains   text the HTTP response must contain; null for none
 * @param failuresToDown consecutive failures before it is down (heartbeats: 1)
 * @param successesToUp  consecutive successes before it is up again
 * @param downStatus     the status it gives its service when down: outage or degraded
 * @param paused         whether it is paused (not run, and not counted)
 * @param state          up, down, or unknown (checks that have not run for three intervals)
 * @param cause          why it is down or unknown; null when up
 * @param lastSeenAt     the last ping or check run; null before the first
 * @param createdAt      when it was added
 */
public record Monitor(String name, String serviceId, Kind kind, String target, Duration interval, Duration grace,
        Duration timeout, int expectFrom, int expectTo, String bodyContains, int failuresToDown, int successesToUp,
        Status downStatus, boolean paused, State state, String cause, Instant lastSeenAt, Instant createdAt) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /**
     * Checks the required fields.
     *
     * @throws ValidationException when the name or service id is malformed
     */
    public Monitor {
        checkName(name);
        Service.checkId(serviceId);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(downStatus, "downStatus");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * Checks a monitor name.
     *
     * @param name the name
     * @return the name
     * @throws ValidationException naming {@code name} when it is not lowercase letters, digits and '-' (at most 63)
     */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ValidationException("name", "'" + name + "' is not a monitor name: lowercase letters, digits and '-', "
                    + "starting with a letter or digit, at most 63 characters");
        }
        return name;
    }

    /** What a monitor watches. */
    public enum Kind {
        /** A job pings the monitor's secret URL at least once per interval (plus grace). */
        HEARTBEAT,
        /** An HTTP(S) request must answer in time with an expected status (and text). */
        HTTP,
        /** A TCP connection must open in time. */
        TCP;

        /**
         * The wire name.
         *
         * @return {@code heartbeat}, {@code http} or {@code tcp}
         */
        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Reads a wire name.
         *
         * @param value e.g. {@code http}
         * @return the kind
         * @throws ValidationException naming {@code kind}
         */
        public static Kind parse(String value) {
            for (Kind kind : values()) {
                if (kind.wireName().equals(value)) {
                    return kind;
                }
            }
            throw new ValidationException("kind", "'" + value + "' is not a monitor kind (heartbeat, http or tcp)");
        }
    }

    /** What a monitor says about its service now. */
    public enum State {
        /** Pinged in time, or the last checks succeeded. */
        UP,
        /** Missed its ping, or failed enough checks in a row. */
        DOWN,
        /** A check that has not run for three intervals: nobody knows. */
        UNKNOWN;

        /**
         * The wire name.
         *
         * @return {@code up}, {@code down} or {@code unknown}
         */
        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Reads a wire name.
         *
         * @param value e.g. {@code down}
         * @return the state
         * @throws ValidationException naming {@code state}
         */
        public static State parse(String value) {
            for (State state : values()) {
                if (state.wireName().equals(value)) {
                    return state;
                }
            }
            throw new ValidationException("state", "'" + value + "' is not a monitor state (up, down or unknown)");
        }
    }
}
