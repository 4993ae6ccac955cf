package dev.statusstream;

/** A registered {@link SnapshotListener}; close it to stop receiving snapshots. Thread-safe, idempotent. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
