package dev.statusstream.server.stream;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the broadcasts being written to the streams, so that other work on this node (delivering
 * notifications) can wait for them to finish rather than take the cores from them. Thread-safe.
 */
final class BroadcastsInFlight {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition none = lock.newCondition();
    /** Read without the lock by {@link #awaitNone}'s fast path: most sends find no broadcast. */
    private volatile int count;

    void started() {
        lock.lock();
        try {
            count++;
        } finally {
            lock.unlock();
        }
    }

    void finished() {
        lock.lock();
        try {
            if (count > 0 && --count == 0) {
                none.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Returns once no broadcast is in flight, or after {@code atMost}. */
    void awaitNone(Duration atMost) throws InterruptedException {
        if (count == 0) {
            return;
        }
        long left = atMost.toNanos();
        lock.lockInterruptibly();
        try {
            while (count > 0 && left > 0) {
                left = none.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    int count() {
        return count;
    }
}
