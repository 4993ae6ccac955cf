package dev.statusstream;

import java.time.Instant;
import java.util.Objects;

/**
 * One run of a check (HTTP or TCP monitor): when, whether it passed, how long it took and, when it
 * failed, why. Runs are kept a day.
 *
 * <p>Immutable and thread-safe.
 *
 * @param monitor   the monitor's name
 * @param at        when it ran
 * @param ok        whether it passed
 * @param latencyMs how long it took, in milliseconds
 * @param error     why it failed; null when it passed
 */
public record CheckResult(String monitor, Instant at, boolean ok, int latencyMs, String error) {
    /** Checks the fields. */
    public CheckResult {
        Monitor.checkName(monitor);
        Objects.requireNonNull(at, "at");
    }
}
