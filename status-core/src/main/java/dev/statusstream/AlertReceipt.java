package dev.statusstream;

import java.util.List;
import java.util.Objects;

/**
 * What became of a batch of alerts posted by a monitoring tool ({@link Automation#receiveAlerts}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param firing   alerts now recorded as firing
 * @param resolved alerts now resolved
 * @param ignored  alerts left aside, each with why (no {@code statusstream_service} label, no such service)
 */
public record AlertReceipt(int firing, int resolved, List<Ignored> ignored) {
    /** Copies the list. */
    public AlertReceipt {
        ignored = List.copyOf(Objects.requireNonNull(ignored, "ignored"));
    }

    /**
     * An alert left aside.
     *
     * @param alert  its name (the {@code alertname} label) or fingerprint
     * @param reason why
     */
    public record Ignored(String alert, String reason) {
    }
}
