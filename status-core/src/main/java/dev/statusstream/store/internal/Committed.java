package dev.statusstream.store.internal;

import dev.statusstream.ChangeEvent;
import dev.statusstream.Snapshot;

/** A committed write: its value, its change-log entry, and the snapshot at its version. */
public record Committed<T>(T value, ChangeEvent event, Snapshot snapshot) {
    public long version() {
        return event.version();
    }
}
