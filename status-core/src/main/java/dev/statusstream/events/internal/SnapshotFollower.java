package dev.statusstream.events.internal;

import dev.statusstream.ChangeEvent;
import dev.statusstream.Snapshot;
import dev.statusstream.SnapshotListener;
import dev.statusstream.StatusException;
import dev.statusstream.Subscription;
import dev.statusstream.SyncStats;
import dev.statusstream.ValidationException;
import dev.statusstream.bus.internal.SnapshotMessage;
import dev.statusstream.store.internal.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this process on the newest snapshot. Snapshots arrive from local writes, from the Redis
 * channel, and from PostgreSQL (after a NOTIFY, a reconnect, or the periodic version check); all are
 * applied on one sync thread, and only a snapshot newer than the current one is applied, so
 * duplicates, reordering and stale messages change nothing. Listeners see each version at most once,
 * in increasing order. The recent changes behind them are kept in {@link RecentChanges}, the version
 * PostgreSQL is known to have reached in {@link CommittedVersion}. Thread-safe.
 */
public final class SnapshotFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SnapshotFollower.class);

    private final Database database;
    private final Duration resyncInterval;
    private final Supplier<Optional<Snapshot>> fallback;
    private final ScheduledExecutorService sync = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("statusstream-sync").factory());
    private final List<SnapshotListener> listeners = new CopyOnWriteArrayList<>();
    private final RecentChanges recent;
    private volatile Snapshot current;
    private volatile boolean databaseDown;
    private boolean warnedAhead;
    private final CommittedVersion committed = new CommittedVersion(sync, this::resync);
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();

    /**
     * @param fallback where to find a snapshot when PostgreSQL is down at start (the Redis cache)
     */
    public SnapshotFollower(Database database, Duration resyncInterval, Supplier<Optional<Snapshot>> fallback) {
        this.database = database;
        this.resyncInterval = resyncInterval;
        this.fallback = fallback;
        this.recent = new RecentChanges(database);
    }

    /** Loads the first snapshot (PostgreSQL, else the fallback, else an empty page) and starts the periodic check. */
    public void start() {
        try {
            current = database.snapshot();
        } catch (StatusException e) {
            databaseDown = true;
            current = fallback.get().orElseGet(() -> Snapshot.empty(Instant.EPOCH));
            log.warn("PostgreSQL is unavailable at start ({}); serving version {} until it returns", e.getMessage(),
                    current.version());
        }
        long every = resyncInterval.toMillis();
        sync.scheduleWithFixedDelay(this::resync, every, every, TimeUnit.MILLISECONDS);
    }

    /** The newest snapshot this process has. Never null after {@link #start()}. */
    public Snapshot current() {
        return current;
    }

    public Subscription subscribe(SnapshotListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** A snapshot this process committed itself, with its change-log entry. */
    public void offerCommitted(Snapshot snapshot, ChangeEvent event) {
        committed.raise(snapshot.version());
        sync.execute(() -> {
            long before = current.version();
            if (apply(snapshot)) {
                recent.append(before, List.of(event));
            }
        });
    }

    /** A message from the Redis channel; called on a Lettuce thread, so it only hands off. */
    public void offerMessage(String json) {
        received.incrementAndGet();
        sync.execute(() -> {
            SnapshotMessage message;
            try {
                message = SnapshotMessage.read(json);
            } catch (ValidationException e) {
                invalid.incrementAndGet();
                log.warn("ignoring a Redis message that is not a valid snapshot ({}): {}", e.getMessage(), abbreviate(json));
                return;
            }
            if (message.snapshot().version() <= current.version()) {
                stale.incrementAndGet();
                return;
            }
            if (confirmed(message.snapshot().version(), json)) {
                follow(message);
            } else {
                invalid.incrementAndGet();
            }
        });
    }

    /**
     * A change's message from PostgreSQL's notification (see {@link Database#MESSAGE_CHANNEL}): sent by
     * the committing transaction, so it needs no confirming read, and it spares the reload its version's
     * notification would otherwise cause. Called on the listener's thread, so it only hands off.
     */
    public void offerNotifiedMessage(String json) {
        sync.execute(() -> {
            SnapshotMessage message;
            try {
                message = SnapshotMessage.read(json);
            } catch (ValidationException e) {
                log.warn("ignoring a notification on {} that is not a valid snapshot ({}): {}", Database.MESSAGE_CHANNEL,
                        e.getMessage(), abbreviate(json));
                return;
            }
            committed.raise(message.snapshot().version());
            if (message.snapshot().version() > current.version()) {
                follow(message);
            }
        });
    }

    /** Applies a newer snapshot and remembers the changes behind it. Runs on the sync thread only. */
    private void follow(SnapshotMessage message) {
        Snapshot snapshot = message.snapshot();
        long before = current.version();
        if (message.coversAfter(before)) {
            // remembered first: a listener told of this version finds its changes in memory
            recent.append(before, message.changes());
            apply(snapshot);
        } else {
            apply(snapshot);
            // a message from an older node, or this node missed one: the change log has what it lacks
            recent.fill(before, snapshot.version());
        }
    }

    /**
     * Whether PostgreSQL has reached {@code version}. A message is published only after its commit, so
     * a real one always passes; one from beyond PostgreSQL (another deployment sharing the channel, a
     * database restored from a backup, a forgery) would otherwise pin this process to a version no
     * real change could ever exceed. Usually the commit's NOTIFY has already said so; otherwise one
     * read of the version decides. When PostgreSQL cannot answer, the message waits for the resync
     * that follows its return.
     */
    private boolean confirmed(long version, String json) {
        if (committed.covers(version)) {
            return true;
        }
        try {
            long known = committed.raise(database.currentVersion());
            if (version <= known) {
                return true;
            }
            log.warn("ignoring a Redis message at version {}: PostgreSQL is at {}: {}", version, known, abbreviate(json));
        } catch (StatusException e) {
            log.warn("ignoring a Redis message at version {}: PostgreSQL cannot confirm it ({})", version, e.getMessage());
        }
        return false;
    }

    /** PostgreSQL says {@code version} was committed. */
    public void offerVersion(long version) {
        offerNotified(version, Duration.ZERO);
    }

    /**
     * PostgreSQL notified that {@code version} was committed. The writer's Redis message, which carries
     * the snapshot itself, normally arrives a few milliseconds later; reloading the snapshot from
     * PostgreSQL first would cost every node a round of queries per change and delay the broadcast
     * behind them. So while Redis is up, wait {@code grace} for the message and reload only if it did
     * not come (a writer that died between commit and publish, a lost message).
     */
    public void offerNotified(long version, Duration grace) {
        // the notification is PostgreSQL's word: the writer's message at this version needs no read to be confirmed
        committed.raise(version);
        sync.schedule(() -> {
            if (version > current.version()) {
                reload();
            }
        }, grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Compare with PostgreSQL soon (after a reconnect), then run {@code andThen} on the sync thread. */
    public void resyncSoon(Runnable andThen) {
        sync.execute(() -> {
            resync();
            andThen.run();
        });
    }

    /**
     * Whether PostgreSQL has committed {@code version}: at once when this process already knows so (a
     * NOTIFY, a read, its own write), else after one check of PostgreSQL's version on the sync thread,
     * which also loads the newer snapshot when PostgreSQL is ahead. Callers that ask before that check
     * starts share it, so a crowd of them costs one query. Completes false when PostgreSQL has not
     * reached {@code version} or cannot answer.
     */
    public CompletableFuture<Boolean> confirm(long version) {
        return committed.confirm(version);
    }

    /**
     * Changes after {@code version}, oldest first, at most {@code limit}: from memory when it holds
     * them all, else from PostgreSQL.
     *
     * @throws StatusException when they are not in memory and PostgreSQL is unavailable
     */
    public List<ChangeEvent> changesSince(long version, int limit) {
        return recent.since(version, current.version(), limit);
    }

    public SyncStats stats(long redisReconnects, long publishFailures) {
        return new SyncStats(applied.get(), received.get(), invalid.get(), stale.get(), redisReconnects, resyncs.get(),
                publishFailures, recent.logReads());
    }

    private void resync() {
        try {
            long version = database.currentVersion();
            committed.raise(version);
            if (databaseDown) {
                databaseDown = false;
                log.info("PostgreSQL is reachable again");
            }
            if (version > current.version()) {
                resyncs.incrementAndGet();
                log.info("PostgreSQL is at version {} and this process at {}: reloading", version, current.version());
                reload();
            } else if (version < current.version() && !warnedAhead) {
                warnedAhead = true;
                log.warn("this process is at version {} but PostgreSQL at {}: was the database restored? "
                        + "Restart the nodes so they serve what PostgreSQL has", current.version(), version);
            }
        } catch (StatusException e) {
            if (!databaseDown) {
                databaseDown = true;
                log.warn("PostgreSQL is unavailable ({}); serving version {} until it returns", e.getMessage(),
                        current.version());
            }
        } catch (RuntimeException e) {
            log.error("resync failed", e);
        }
    }

    private void reload() {
        try {
            Snapshot snapshot = database.snapshot();
            long before = current.version();
            if (apply(snapshot)) {
                recent.fill(before, snapshot.version());
            }
        } catch (StatusException e) {
            log.warn("cannot reload the snapshot from PostgreSQL: {}", e.getMessage());
        }
    }

    /** Runs on the sync thread only. */
    private boolean apply(Snapshot snapshot) {
        if (snapshot.version() <= current.version()) {
            return false;
        }
        current = snapshot;
        applied.incrementAndGet();
        for (SnapshotListener listener : listeners) {
            try {
                listener.onSnapshot(snapshot);
            } catch (RuntimeException e) {
                log.error("a snapshot listener failed at version {}", snapshot.version(), e);
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    @Override
    public void close() {
        sync.shutdownNow();
    }
}
