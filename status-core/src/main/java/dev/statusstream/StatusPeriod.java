package dev.statusstream;

import java.time.Instant;
import java.util.Objects;

/**
 * A span of time during which a service had one status.
 *
 * <p>Immutable and thread-safe.
 *
 * @param status  the status in this period
 * @param summary the summary given with it (may be empty)
 * @param start   when the period began
 * @param end     when the next status began; null for the current period
 */
public record StatusPeriod(Status status, LocalizedText summary, Instant start, Instant end) {
    /**
     * Checks the fields; a null summary becomes empty.
     *
     * @throws NullPointerException when the status or start is missing
     */
    public StatusPeriod {
        Objects.requireNonNull(status, "status");
        summary = summary == null ? LocalizedText.EMPTY : summary;
        Objects.requireNonNull(start, "start");
    }
}
