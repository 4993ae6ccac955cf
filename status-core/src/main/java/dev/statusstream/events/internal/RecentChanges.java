package dev.statusstream.events.internal;

import dev.statusstream.ChangeEvent;
import dev.statusstream.StatusException;
import dev.statusstream.store.internal.Database;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The most recent changes this process followed, in memory and without a gap, so that resuming
 * clients are answered without a query; what memory does not hold is read from PostgreSQL's change
 * log, and every such read is counted. Appends come from the follower's sync thread; reads from any.
 * Thread-safe.
 */
final class RecentChanges {
    private static final Logger log = LoggerFactory.getLogger(RecentChanges.class);
    static final int CAPACITY = 1024;

    private final Database database;
    /** Consecutive versions, oldest first; guarded by itself. */
    private final ArrayDeque<ChangeEvent> ring = new ArrayDeque<>();
    private final AtomicLong logReads = new AtomicLong();

    RecentChanges(Database database) {
        this.database = database;
    }

    /**
     * Appends the changes that follow on from {@code after}; those already held are skipped, and a
     * gap empties the memory (readers then go to PostgreSQL until it holds a run again).
     */
    void append(long after, List<ChangeEvent> events) {
        synchronized (ring) {
            long expected = ring.isEmpty() ? after + 1 : ring.peekLast().version() + 1;
            for (ChangeEvent event : events) {
                if (event.version() < expected) {
                    continue;
                }
                if (event.version() != expected) {
                    ring.clear();
                }
                ring.addLast(event);
                expected = event.version() + 1;
                if (ring.size() > CAPACITY) {
                    ring.removeFirst();
                }
            }
        }
    }

    /**
     * Reads the changes after {@code after} up to {@code upTo} from the change log into memory: for
     * snapshots that came without them (a reload, a message from an older node).
     */
    void fill(long after, long upTo) {
        try {
            append(after, database.read(h -> database.changeLog().since(h, after, (int) Math.min(CAPACITY, upTo - after))));
        } catch (StatusException e) {
            log.debug("change log not available for versions {}..{}: {}", after + 1, upTo, e.getMessage());
            synchronized (ring) {
                ring.clear();
            }
        } finally {
            // counted once the memory holds what was read, so whoever sees the count finds the changes there
            logReads.incrementAndGet();
        }
    }

    /**
     * Changes after {@code version}, oldest first, at most {@code limit}: from memory when it holds
     * them all up to {@code newest}, else from PostgreSQL.
     *
     * @throws StatusException when they are not in memory and PostgreSQL is unavailable
     */
    List<ChangeEvent> since(long version, long newest, int limit) {
        synchronized (ring) {
            if (!ring.isEmpty() && ring.peekFirst().version() <= version + 1 && ring.peekLast().version() >= newest) {
                return ring.stream().filter(e -> e.version() > version).limit(limit).toList();
            }
        }
        logReads.incrementAndGet();
        return database.read(h -> database.changeLog().since(h, version, limit));
    }

    /** Reads of PostgreSQL's change log so far. */
    long logReads() {
        return logReads.get();
    }
}
