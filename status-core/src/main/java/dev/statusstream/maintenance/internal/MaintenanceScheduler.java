package dev.statusstream.maintenance.internal;

import dev.statusstream.Change;
import dev.statusstream.Incident;
import dev.statusstream.StatusException;
import dev.statusstream.store.internal.Database;
import dev.statusstream.store.internal.IncidentRepository;
import dev.statusstream.store.internal.IncidentWrites;
import dev.statusstream.store.internal.NothingToCommit;
import dev.statusstream.store.internal.WriteTx;
import dev.statusstream.store.internal.Written;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves maintenance windows along at their times: {@code scheduled} to {@code inProgress} at
 * {@code scheduledFor}, and on to {@code completed} at {@code scheduledUntil}.
 *
 * <p>Every following process runs one, and exactly one of them performs each transition: each one is
 * its own write transaction, which takes the global version row lock first and only then re-reads the
 * window; a process that lost the race finds it no longer due and rolls back without taking a version.
 *
 * <p>It sleeps until the next window is due (at most {@link #MAX_SLEEP}) and is woken early by every
 * new snapshot, so a window scheduled by another process is seen at once. Thread-safe.
 */
public final class MaintenanceScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MaintenanceScheduler.class);
    /** Longest sleep between checks, the bound on lateness if every wake-up was lost. */
    static final Duration MAX_SLEEP = Duration.ofSeconds(30);
    private static final Duration MIN_SLEEP = Duration.ofMillis(200);
    /** A window cannot move more than twice; the bound keeps a bug from looping. */
    private static final int MAX_ROUNDS = 3;

    /** Commits one write and publishes it, as every other write is. */
    public interface Committer {
        Change<Incident> commit(Function<WriteTx, Written<Incident>> work);
    }

    private final Database database;
    private final IncidentRepository incidents;
    private final IncidentWrites writes;
    private final Committer committer;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("statusstream-maintenance").factory());
    private ScheduledFuture<?> pending;
    private boolean running;
    private boolean rerun;
    private boolean closed;

    public MaintenanceScheduler(Database database, IncidentRepository incidents, IncidentWrites writes, Committer committer) {
        this.database = database;
        this.incidents = incidents;
        this.writes = writes;
        this.committer = committer;
    }

    /** Starts checking now and from then on. */
    public void start() {
        wake();
    }

    /** Checks again soon, e.g. because a window may have been scheduled or moved. */
    public synchronized void wake() {
        if (closed) {
            return;
        }
        if (running) {
            rerun = true;
        } else {
            scheduleIn(Duration.ZERO);
        }
    }

    /**
     * Performs every transition that is due now, each in its own transaction, and returns the ones this
     * process made (others may have been made by another node at the same moment).
     *
     * @throws StatusException when PostgreSQL is unavailable
     */
    public List<Change<Incident>> runDue() {
        List<Change<Incident>> made = new ArrayList<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<String> due = database.read(h -> incidents.maintenanceDue(h, database.now()));
            if (due.isEmpty()) {
                break;
            }
            for (String slug : due) {
                try {
                    Change<Incident> change = committer.commit(tx -> writes.advance(tx, slug));
                    log.info("maintenance {} is now {} (version {})", slug, change.value().state(), change.version());
                    made.add(change);
                } catch (NothingToCommit e) {
                    log.debug("maintenance {}: {}", slug, e.getMessage());
                }
            }
        }
        return made;
    }

    private void tick() {
        synchronized (this) {
            pending = null;
            running = true;
            rerun = false;
        }
        Duration sleep = MAX_SLEEP;
        try {
            runDue();
            Optional<Instant> due = database.read(incidents::nextMaintenanceDue);
            if (due.isPresent()) {
                Duration until = Duration.between(database.now(), due.get());
                sleep = until.compareTo(MAX_SLEEP) > 0 ? MAX_SLEEP : until.compareTo(MIN_SLEEP) < 0 ? MIN_SLEEP : until;
            }
        } catch (StatusException e) {
            log.warn("cannot move maintenance windows along now ({}); trying again in {}s", e.getMessage(),
                    MAX_SLEEP.toSeconds());
        } catch (RuntimeException e) {
            log.error("the maintenance scheduler failed; trying again in {}s", MAX_SLEEP.toSeconds(), e);
        }
        synchronized (this) {
            running = false;
            if (!closed) {
                scheduleIn(rerun ? Duration.ZERO : sleep);
            }
        }
    }

    /** Makes sure a check runs within {@code delay}. Callers hold the lock and are not inside a tick. */
    private void scheduleIn(Duration delay) {
        if (pending != null) {
            if (pending.getDelay(TimeUnit.MILLISECONDS) <= delay.toMillis()) {
                return;
            }
            pending.cancel(false);
        }
        pending = timer.schedule(this::tick, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        closed = true;
        timer.shutdownNow();
    }
}
