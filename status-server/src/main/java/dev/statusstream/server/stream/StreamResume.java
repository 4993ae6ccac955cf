package dev.statusstream.server.stream;

import dev.statusstream.ChangeEvent;
import dev.statusstream.StatusException;
import dev.statusstream.StatusStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a new stream starts with: a jittered {@code retry} hint, then, for a client that names the
 * version it last saw, the changes it missed, then the newest snapshot (none when it is up to date).
 * A version ahead of this node's (the client saw it on a node that is a moment ahead) is checked
 * against PostgreSQL without holding a thread: when PostgreSQL has it, the client waits up to
 * {@link #CATCH_UP_WAIT} for this node to reach it and is then treated as up to date, so its versions
 * never go back across a reconnect; otherwise (from the future, another database, or not reached in
 * time) it gets the newest snapshot. Thread-safe.
 */
final class StreamResume {
    private static final Logger log = LoggerFactory.getLogger(StreamResume.class);
    /** Most missed changes replayed to a resuming client; further behind, it gets the snapshot alone. */
    static final int MAX_REPLAY = 500;
    /** How long a client that names a version ahead of this node waits for the node to reach it. */
    static final Duration CATCH_UP_WAIT = Duration.ofSeconds(1);

    private final StatusStream status;
    private final StreamStats stats;
    private final Supplier<Frame> latest;
    private final ScheduledExecutorService timer;
    /** Clients waiting for this node to reach the version they name; few, and only for a moment. */
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    /** Retry hints of 1.0-3.9 s, in steps of 100 ms. */
    static final int RETRY_STEPS = 30;
    private final Openings openings = new Openings();
    /** Starts the clients that waited (their opening may read the change log): never a fan-out or the sync thread. */
    private final ExecutorService starters = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("statusstream-stream-start").factory());

    /**
     * @param latest the frame of the snapshot the node serves now
     * @param timer  ends the catch-up waits
     */
    StreamResume(StatusStream status, StreamStats stats, Supplier<Frame> latest, ScheduledExecutorService timer) {
        this.status = status;
        this.stats = stats;
        this.latest = latest;
        this.timer = timer;
    }

    /**
     * Starts a client that has joined its shard, now or once this node reaches the version it names.
     *
     * @param idGiven whether the request named a last event id at all (possibly garbage)
     */
    void start(StreamClient client, OptionalLong lastSeen, boolean idGiven) {
        if (lastSeen.isPresent() && lastSeen.getAsLong() > latest.get().version()) {
            // until it starts, the client takes offers (kept as its pending snapshot) but writes nothing
            long wanted = lastSeen.getAsLong();
            awaitVersion(wanted).whenCompleteAsync((reached, error) -> {
                if (Boolean.TRUE.equals(reached)) {
                    begin(client, wanted, StreamStats.Start.CAUGHT_UP);
                } else {
                    begin(client, -1, error == null && reached == null ? StreamStats.Start.SNAPSHOT_FALLBACK
                            : StreamStats.Start.UNKNOWN_ID);
                }
            }, starters);
            return;
        }
        StreamStats.Start outcome = lastSeen.isPresent() ? null : idGiven ? StreamStats.Start.UNKNOWN_ID : StreamStats.Start.FRESH;
        begin(client, lastSeen.orElse(-1), outcome);
    }

    /** The node now serves {@code version}: the clients waiting for it (or an older one) start. */
    void reached(long version) {
        for (Waiter waiter : waiters) {
            if (waiter.version() <= version) {
                waiter.reached().complete(true);
            }
        }
    }

    /**
     * Writes the opening for a client that last saw {@code seen} (-1: nothing usable). {@code outcome}
     * is what to count, or null to count what the opening turns out to be.
     */
    private void begin(StreamClient client, long seen, StreamStats.Start outcome) {
        // read after joining the shard: a broadcast racing with this either finds the client in its
        // shard or has already set the newer frame read here (latest is written before fanning out)
        Frame current = latest.get();
        // spread reconnects over 1-4 s so a restarted node is not hit by every browser at once
        int step = ThreadLocalRandom.current().nextInt(RETRY_STEPS);
        if (seen > current.version()) { // only for a caught-up client when this node went back (a restored database)
            seen = -1;
        }
        List<Frame> missed = seen >= 0 && seen < current.version() ? missed(seen, current.version()) : List.of();
        Frame opening;
        if (missed.isEmpty() && seen < current.version()) {
            opening = openings.get(current, step); // most streams: retry and snapshot, shared
        } else {
            List<Frame> frames = new ArrayList<>();
            frames.add(Frame.retry(retryMillis(step)));
            frames.addAll(missed);
            if (seen < current.version()) {
                frames.add(current);
            }
            opening = Frame.concat(frames);
        }
        if (outcome == null) {
            outcome = seen == current.version() ? StreamStats.Start.UP_TO_DATE
                    : missed.isEmpty() ? StreamStats.Start.SNAPSHOT_FALLBACK : StreamStats.Start.REPLAYED;
        }
        stats.started(outcome);
        client.start(opening, Math.max(seen, current.version()));
    }

    static long retryMillis(int step) {
        return 1000 + step * 100L;
    }

    /**
     * The openings of fresh streams at one snapshot, one per retry step, each encoded once and shared
     * by every stream that draws its step (a wave of 10,000 streams copied the snapshot 10,000 times).
     * A newer snapshot replaces the lot. Thread-safe: a stream always gets a frame of the snapshot it
     * asked with.
     */
    static final class Openings {
        private record AtSnapshot(Frame snapshot, AtomicReferenceArray<Frame> byStep) {
        }

        private volatile AtSnapshot at = new AtSnapshot(null, new AtomicReferenceArray<>(RETRY_STEPS));

        Frame get(Frame current, int step) {
            AtSnapshot now = at;
            if (now.snapshot() != current) {
                now = new AtSnapshot(current, new AtomicReferenceArray<>(RETRY_STEPS));
                at = now; // a racing stream may replace it with its own: each gets frames of its own snapshot
            }
            AtomicReferenceArray<Frame> frames = now.byStep();
            Frame frame = frames.get(step);
            if (frame == null) {
                frame = Frame.opening(Frame.retry(retryMillis(step)), current);
                frames.compareAndSet(step, null, frame);
            }
            return frame;
        }
    }

    /**
     * Completes with true once this node serves {@code version} (PostgreSQL having confirmed it), with
     * false as soon as PostgreSQL says it has not reached it (or cannot say), and with null when the
     * node did not get there within {@link #CATCH_UP_WAIT}.
     */
    private CompletableFuture<Boolean> awaitVersion(long version) {
        var waiter = new Waiter(version, new CompletableFuture<>());
        waiters.add(waiter);
        if (latest.get().version() >= version) { // a broadcast between the caller's check and joining the waiters
            waiters.remove(waiter);
            return CompletableFuture.completedFuture(true);
        }
        status.confirmVersion(version).whenComplete((confirmed, error) -> {
            if (!Boolean.TRUE.equals(confirmed)) {
                waiter.reached().complete(false);
            }
        });
        timer.schedule(() -> waiter.reached().complete(null), CATCH_UP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return waiter.reached().whenComplete((reached, error) -> waiters.remove(waiter));
    }

    /** A client waiting for this node to reach {@code version}. */
    private record Waiter(long version, CompletableFuture<Boolean> reached) {
    }

    /** The changes after {@code seen}, or none when the log cannot supply all of them up to {@code upTo}. */
    private List<Frame> missed(long seen, long upTo) {
        if (upTo - seen > MAX_REPLAY) {
            return List.of();
        }
        try {
            List<ChangeEvent> changes = status.changesSince(seen, MAX_REPLAY);
            boolean complete = !changes.isEmpty() && changes.get(0).version() == seen + 1
                    && changes.get(changes.size() - 1).version() >= upTo;
            return complete ? changes.stream().filter(c -> c.version() <= upTo).map(Frame::change).toList() : List.of();
        } catch (StatusException e) {
            log.debug("cannot replay changes after {}: {}", seen, e.getMessage());
            return List.of();
        }
    }

    void close() {
        starters.shutdownNow();
    }
}
