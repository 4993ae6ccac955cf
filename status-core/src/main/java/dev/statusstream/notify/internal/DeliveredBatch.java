package dev.statusstream.notify.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Deliveries sent and not yet recorded, in the order they were sent: the sending threads add, the
 * claiming thread records them in one statement and then removes them (only after the statement
 * committed, so a PostgreSQL outage loses none). Thread-safe.
 */
final class DeliveredBatch {
    /** The longest a sent delivery waits to be recorded while every slot is busy. */
    static final Duration MAX_WAIT = Duration.ofMillis(200);

    private final List<Claimed> pending = new ArrayList<>();
    private long oldestAt;

    synchronized void add(Claimed claimed, long nanoTime) {
        if (pending.isEmpty()) {
            oldestAt = nanoTime;
        }
        pending.add(claimed);
    }

    synchronized boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Whether the oldest one has waited {@link #MAX_WAIT}. */
    synchronized boolean due(long nanoTime) {
        return !pending.isEmpty() && nanoTime - oldestAt >= MAX_WAIT.toNanos();
    }

    /** The ones waiting now, oldest first (a copy). */
    synchronized List<Claimed> peek() {
        return List.copyOf(pending);
    }

    /** Forgets the first {@code n}, once recorded. */
    synchronized void remove(int n) {
        pending.subList(0, n).clear();
        oldestAt = System.nanoTime();
    }
}
