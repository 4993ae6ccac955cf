package dev.statusstream.events.internal;

import dev.statusstream.ChangeEvent;
import dev.statusstream.ChangeListener;
import dev.statusstream.Snapshot;
import dev.statusstream.SnapshotChange;
import dev.statusstream.SnapshotListener;
import dev.statusstream.StatusException;
import dev.statusstream.Subscription;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers snapshots with the changes behind them to {@link ChangeListener}s. It is itself a
 * {@link SnapshotListener} of the follower: the sync thread only drops the newest snapshot in a slot,
 * and a thread of its own reads the change log (memory or PostgreSQL) and calls the listeners, so
 * neither a slow listener nor a database read delays the stream. The slot keeps only the newest
 * snapshot, which bounds memory; each listener remembers the last version it was given, so skipped
 * snapshots lose no changes. Thread-safe.
 */
public final class ChangeDispatcher implements SnapshotListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChangeDispatcher.class);

    /** Where the changes after a version come from: at most {@code limit}, oldest first. */
    @FunctionalInterface
    public interface ChangeSource {
        List<ChangeEvent> changesSince(long version, int limit);
    }

    private final Supplier<Snapshot> current;
    private final ChangeSource source;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("statusstream-changes").factory());
    private final List<Receiver> receivers = new CopyOnWriteArrayList<>();
    private final AtomicReference<Snapshot> pending = new AtomicReference<>();

    /** A listener and, touched on the change thread only, the last version it was given. */
    private static final class Receiver {
        final ChangeListener listener;
        volatile boolean closed;
        long last;

        Receiver(ChangeListener listener) {
            this.listener = listener;
        }
    }

    public ChangeDispatcher(Supplier<Snapshot> current, ChangeSource source) {
        this.current = current;
        this.source = source;
    }

    /**
     * Registers a listener that has seen {@code after} (or, when empty, the snapshot current when it is
     * registered). When the current snapshot is newer, the listener is given it at once with what it
     * missed.
     */
    public Subscription subscribe(OptionalLong after, ChangeListener listener) {
        var receiver = new Receiver(listener);
        // registered on the change thread, so it is ordered with every delivery
        execute(() -> {
            if (receiver.closed) {
                return;
            }
            Snapshot now = current.get();
            receiver.last = after.orElse(now.version());
            receivers.add(receiver);
            deliver(now, List.of(receiver));
        });
        return () -> {
            receiver.closed = true;
            receivers.remove(receiver);
        };
    }

    /** Runs on the follower's sync thread: never blocks. */
    @Override
    public void onSnapshot(Snapshot snapshot) {
        if (pending.getAndSet(snapshot) == null) {
            try {
                thread.execute(this::drain);
            } catch (RejectedExecutionException e) {
                log.debug("closed: not delivering version {}", snapshot.version());
            }
        }
    }

    private void execute(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("this StatusStream is closed", e);
        }
    }

    private void drain() {
        Snapshot snapshot = pending.getAndSet(null);
        if (snapshot != null) {
            deliver(snapshot, receivers);
        }
    }

    private void deliver(Snapshot snapshot, List<Receiver> targets) {
        Map<Long, List<ChangeEvent>> byPrevious = new HashMap<>();
        for (Receiver receiver : targets) {
            if (receiver.closed || snapshot.version() <= receiver.last) {
                continue;
            }
            long previous = receiver.last;
            List<ChangeEvent> changes = byPrevious.computeIfAbsent(previous, p -> changes(p, snapshot.version()));
            receiver.last = snapshot.version();
            try {
                receiver.listener.onChange(new SnapshotChange(previous, snapshot, changes));
            } catch (RuntimeException e) {
                log.error("a change listener failed at version {}", snapshot.version(), e);
            }
        }
    }

    /** The changes in {@code (after, upTo]}, or none when there are too many or they cannot be read. */
    private List<ChangeEvent> changes(long after, long upTo) {
        if (upTo - after > SnapshotChange.MAX_CHANGES) {
            return List.of();
        }
        try {
            return source.changesSince(after, (int) (upTo - after)).stream().filter(c -> c.version() <= upTo).toList();
        } catch (StatusException e) {
            log.warn("cannot read the changes after version {} ({}); listeners get version {} without them", after,
                    e.getMessage(), upTo);
            return List.of();
        }
    }

    @Override
    public void close() {
        receivers.clear();
        thread.shutdownNow();
    }
}
