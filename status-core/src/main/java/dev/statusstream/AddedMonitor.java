package dev.statusstream;

import java.util.Objects;

/**
 * A monitor just added: the result of {@link AddMonitor}. A heartbeat's push token is here and nowhere
 * else (only its digest is stored): {@code POST} or {@code GET /api/heartbeats/<token>} pings it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param monitor   the monitor
 * @param pushToken the heartbeat's secret token; null for a check
 */
public record AddedMonitor(Monitor monitor, String pushToken) {
    /** Checks that there is a monitor. */
    public AddedMonitor {
        Objects.requireNonNull(monitor, "monitor");
    }

    /**
     * The path a heartbeat's job requests, under the status server's address.
     *
     * @return {@code /api/heartbeats/<token>}, or null for a check
     */
    public String pushPath() {
        return pushToken == null ? null : "/api/heartbeats/" + pushToken;
    }

    @Override
    public String toString() {
        // the token is a secret: never in a log line
        return "AddedMonitor[" + monitor.name() + "]";
    }
}
