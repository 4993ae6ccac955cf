package dev.statusstream.automation.internal;

import dev.statusstream.Monitor;
import dev.statusstream.StatusException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs this node's share of the monitors. Every node polls for due monitors and leases each one it
 * takes in PostgreSQL ({@code FOR UPDATE SKIP LOCKED}), so each check runs on exactly one node at a
 * time; a lease lasts the check's timeout and a margin, so the checks of a node that dies are taken
 * over as soon as they are due again. The same loop marks missed heartbeats down, marks checks that
 * have not run for three intervals unknown, and forgets old results. Thread-safe.
 */
public final class MonitorRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MonitorRunner.class);
    /** How long a lease outlasts the check's timeout. */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(2);
    /**
     * The longest wait between two looks for due monitors: how soon a monitor added, resumed or let go by
     * another node is seen. Between looks the loop sleeps until the next monitor is due, if sooner.
     */
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration SWEEP = Duration.ofSeconds(1);
    private static final Duration CLEANUP = Duration.ofMinutes(10);
    /** Checks in flight on this node at most. */
    private static final int MAX_IN_FLIGHT = 256;

    /** Runs the runner's bookkeeping (leases, results) in a transaction of its own. */
    public interface Transactions {
        <T> T bookkeeping(Function<Handle, T> work);
    }

    /** Told when a monitor's state changed, so its service's status is worked out again. */
    public interface StateChanges {
        void changed(Monitor monitor, String cause);
    }

    private final Transactions tx;
    private final MonitorRepository monitors;
    private final Probe probe;
    private final Clock clock;
    private final StateChanges changes;
    private final String node = UUID.randomUUID().toString();
    private final Semaphore permits = new Semaphore(MAX_IN_FLIGHT);
    private final ExecutorService checks = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("statusstream-check-", 0).factory());
    private volatile Thread loop;
    private volatile boolean running;
    private Instant lastSweep = Instant.EPOCH;
    /** When the next monitor may be claimed, as last read; null when none is waiting. */
    private volatile Instant nextDue;
    private Instant lastCleanup = Instant.EPOCH;

    public MonitorRunner(Transactions tx, MonitorRepository monitors, Probe probe, Clock clock, StateChanges changes) {
        this.tx = tx;
        this.monitors = monitors;
        this.probe = probe;
        this.clock = clock;
        this.changes = changes;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        loop = Thread.ofPlatform().daemon().name("statusstream-monitors").start(this::loop);
    }

    private void loop() {
        while (running) {
            int claimed = 0;
            try {
                claimed = runDue();
            } catch (StatusException e) {
                log.debug("monitors: {}", e.getMessage());
            } catch (RuntimeException e) {
                log.warn("monitors: {}", e.toString());
            }
            if (claimed == 0) {
                try {
                    Thread.sleep(untilNextLook());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private Duration untilNextLook() {
        Instant due = nextDue;
        Duration wait = due == null ? POLL : Duration.between(clock.instant(), due);
        return wait.isNegative() ? Duration.ZERO : wait.compareTo(POLL) > 0 ? POLL : wait;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * One pass: marks stale checks unknown (once a second), claims what is due and starts it, and now and
     * then forgets old results.
     *
     * @return how many monitors it claimed
     */
    public int runDue() {
        Instant now = now();
        if (!now.isBefore(lastSweep.plus(SWEEP))) {
            lastSweep = now;
            sweep(now);
        }
        if (!now.isBefore(lastCleanup.plus(CLEANUP))) {
            lastCleanup = now;
            tx.bookkeeping(h -> monitors.cleanUp(h, now));
        }
        int free = permits.availablePermits();
        if (free == 0) {
            return 0;
        }
        // a read first: an idle node (no monitors, or none due) takes no row lock and writes nothing
        Instant next = tx.bookkeeping(monitors::nextClaimable).orElse(null);
        nextDue = next;
        if (next == null || next.isAfter(now)) {
            return 0;
        }
        List<MonitorRepository.Claimed> due = tx.bookkeeping(h -> monitors.claimDue(h, node, now, Math.min(free, 100), LEASE_MARGIN));
        for (MonitorRepository.Claimed c : due) {
            if (c.monitor().kind() == Monitor.Kind.HEARTBEAT) {
                missed(c, now);
            } else {
                permits.acquireUninterruptibly();
                checks.execute(() -> {
                    try {
                        check(c);
                    } catch (RuntimeException e) {
                        log.warn("check {}: {}", c.monitor().name(), e.toString());
                    } finally {
                        permits.release();
                    }
                });
            }
        }
        return due.size();
    }

    /** Marks checks that have not run for three intervals unknown. */
    public void sweep(Instant now) {
        for (Monitor m : tx.bookkeeping(h -> monitors.markStale(h, now))) {
            changes.changed(m, "monitor " + m.name() + ": " + m.cause());
        }
    }

    private void missed(MonitorRepository.Claimed c, Instant now) {
        Monitor m = c.monitor();
        String cause = "no heartbeat within " + dev.statusstream.NewMonitor.format(m.interval().plus(m.grace()))
                + (m.lastSeenAt() == null ? " of its creation" : " of the last one");
        boolean wasUp = m.state() != Monitor.State.DOWN;
        // once down, look again an interval later (a ping moves the deadline on its own)
        boolean marked = tx.bookkeeping(h -> monitors.missedHeartbeat(h, m.name(), node, cause, now, now.plus(m.interval())));
        if (marked && wasUp) {
            changes.changed(m, "monitor " + m.name() + ": " + cause);
        }
    }

    private void check(MonitorRepository.Claimed c) {
        Monitor m = c.monitor();
        Probe.Outcome outcome = probe.run(m);
        Instant at = now();
        int failures = outcome.ok() ? 0 : c.failures() + 1;
        int successes = outcome.ok() ? c.successes() + 1 : 0;
        Monitor.State state = m.state();
        String cause = m.cause();
        if (outcome.ok() && state != Monitor.State.UP && successes >= m.successesToUp()) {
            state = Monitor.State.UP;
            cause = null;
        } else if (!outcome.ok() && state != Monitor.State.DOWN && failures >= m.failuresToDown()) {
            state = Monitor.State.DOWN;
            cause = failures + (failures == 1 ? " check failed: " : " checks failed in a row, the last: ") + outcome.error();
        } else if (!outcome.ok() && state == Monitor.State.DOWN) {
            cause = failures + " checks failed in a row, the last: " + outcome.error();
        }
        // keep the cadence: the next run is an interval after this one was due, or after now when far behind
        Instant next = c.dueAt().plus(m.interval());
        if (next.isBefore(at)) {
            next = at.plus(m.interval());
        }
        Monitor.State newState = state;
        String newCause = cause;
        Instant nextDue = next;
        boolean kept = tx.bookkeeping(h -> {
            if (!monitors.finish(h, m.name(), node, newState, failures, successes, newCause, at, nextDue)) {
                return false;
            }
            monitors.recordResult(h, m.name(), at, outcome.ok(), outcome.latencyMs(), outcome.error());
            return true;
        });
        if (kept && newState != m.state()) {
            changes.changed(m, "monitor " + m.name() + ": " + (newState == Monitor.State.UP
                    ? "up again (" + outcome.latencyMs() + " ms)" : newCause));
        }
    }

    @Override
    public void close() {
        running = false;
        Thread t = loop;
        if (t != null) {
            t.interrupt();
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        checks.shutdownNow();
        try {
            checks.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        probe.close();
    }
}
