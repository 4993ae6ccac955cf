package dev.statusstream;

import java.time.Instant;
import java.util.Objects;

/**
 * One hour of a service's checks (all its HTTP and TCP monitors together): how many ran, how many
 * failed, and how long they took. Kept 90 days; the page draws its response-time chart and, where a
 * service has checks, its uptime from these.
 *
 * <p>Immutable and thread-safe.
 *
 * @param serviceId    the service
 * @param hour         the start of the hour (UTC)
 * @param runs         checks run in that hour
 * @param failures     of which failed
 * @param latencySumMs the sum of their response times, in milliseconds
 * @param latencyMaxMs the longest response time, in milliseconds
 */
public record CheckHour(String serviceId, Instant hour, int runs, int failures, long latencySumMs, int latencyMaxMs) {
    /** Checks the fields. */
    public CheckHour {
        Service.checkId(serviceId);
        Objects.requireNonNull(hour, "hour");
        if (runs < 1 || failures < 0 || failures > runs) {
            throw new IllegalArgumentException("runs " + runs + ", failures " + failures);
        }
    }

    /**
     * The mean response time of the hour.
     *
     * @return milliseconds, rounded
     */
    public long meanLatencyMs() {
        return Math.round((double) latencySumMs / runs);
    }
}
