package dev.statusstream.events.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The highest version PostgreSQL is known to have committed (its notifications, reads of its version,
 * this process's own commits), and the shared checks that confirm a version against PostgreSQL when
 * that is not known yet. Thread-safe.
 */
final class CommittedVersion {
    private final AtomicLong known = new AtomicLong();
    private final Executor sync;
    private final Runnable check;
    /** The check callers of {@link #confirm} share until the sync thread starts it; guarded by itself. */
    private final Object checkLock = new Object();
    private CompletableFuture<Long> nextCheck;

    /**
     * @param sync  the follower's sync thread
     * @param check reads PostgreSQL's version on the sync thread and {@link #raise raises} this one
     */
    CommittedVersion(Executor sync, Runnable check) {
        this.sync = sync;
        this.check = check;
    }

    /** PostgreSQL has committed {@code version}; returns the highest version known now. */
    long raise(long version) {
        return known.accumulateAndGet(version, Math::max);
    }

    /** Whether PostgreSQL is known to have committed {@code version}, without asking it. */
    boolean covers(long version) {
        return version <= known.get();
    }

    /**
     * Whether PostgreSQL has committed {@code version}: at once when that is known, else after one
     * check on the sync thread. Callers that ask before that check starts share it, so a crowd of them
     * costs one query. Completes false when PostgreSQL has not reached {@code version} or cannot answer.
     */
    CompletableFuture<Boolean> confirm(long version) {
        if (covers(version)) {
            return CompletableFuture.completedFuture(true);
        }
        CompletableFuture<Long> shared;
        synchronized (checkLock) {
            shared = nextCheck;
            if (shared == null) {
                CompletableFuture<Long> fresh = new CompletableFuture<>();
                nextCheck = fresh;
                shared = fresh;
                try {
                    sync.execute(() -> {
                        synchronized (checkLock) {
                            if (nextCheck == fresh) {
                                nextCheck = null;
                            }
                        }
                        check.run();
                        fresh.complete(known.get());
                    });
                } catch (RejectedExecutionException e) { // closed
                    nextCheck = null;
                    fresh.complete(known.get());
                }
            }
        }
        return shared.thenApply(reached -> version <= reached);
    }
}
