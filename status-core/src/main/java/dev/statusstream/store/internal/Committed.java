package dev.statusstream.store.internal;

import dev.statusstream.ChangeEvent;
import dev.statusstream.Snapshot;
import dev.statusstream.bus.internal.EncodedSnapshot;

/**
 * A committed write: its value, its change-log entry, and the snapshot at its version, written for the
 * wire once (the notification sent in the transaction and the bus publish the same message).
 */
public record Committed<T>(T value, ChangeEvent event, EncodedSnapshot encoded) {
    public long version() {
        return event.version();
    }

    public Snapshot snapshot() {
        return encoded.snapshot();
    }
}
