package dev.statusstream.server.stream;

import dev.statusstream.ChangeEvent;
import dev.statusstream.Snapshot;
import dev.statusstream.StatusException;
import dev.statusstream.StatusStream;
import dev.statusstream.Subscription;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of every open stream on this node: admits clients within the limits, starts each one
 * with what it missed, broadcasts each new snapshot (encoded once, the same bytes for everyone), sends
 * heartbeats through each client's writer, drops clients whose socket stays blocked, and ends every
 * stream on shutdown. Thread-safe.
 */
public final class StreamHub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamHub.class);
    /** Most missed changes replayed to a resuming client; further behind, it gets the snapshot alone. */
    static final int MAX_REPLAY = 500;
    private static final Duration SWEEP = Duration.ofSeconds(1);
    /** How long a client that names a version ahead of this node waits for the node to reach it. */
    static final Duration CATCH_UP_WAIT = Duration.ofSeconds(1);

    private final StatusStream status;
    private final Duration heartbeat;
    private final Duration slowClientLimit;
    private final int maxStreams;
    private final int maxStreamsPerIp;
    private final StreamStats stats = new StreamStats();
    /** Clients split into shards, each written by its own fan-out thread. */
    private final List<Set<StreamClient>> shards;
    private final List<ExecutorService> fanOut;
    private final AtomicInteger nextShard = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("statusstream-stream-timer").factory());
    /** Clients waiting for this node to reach the version they name; few, and only for a moment. */
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    /** Starts the clients that waited (their opening may read the change log): never a fan-out or the sync thread. */
    private final ExecutorService starters = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("statusstream-stream-start").factory());
    private volatile Frame latest;
    private volatile boolean closing;
    private volatile Consumer<Snapshot> afterBroadcast = snapshot -> {
    };
    private Subscription subscription;

    /** A hub with one fan-out thread per core. */
    public StreamHub(StatusStream status, Duration heartbeat, Duration slowClientLimit, int maxStreams, int maxStreamsPerIp) {
        this(status, heartbeat, slowClientLimit, maxStreams, maxStreamsPerIp, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param fanOutThreads threads that write broadcasts and heartbeats, each to its share of the
     *                      clients (one per core: the kernel's send path runs on them)
     */
    public StreamHub(StatusStream status, Duration heartbeat, Duration slowClientLimit, int maxStreams, int maxStreamsPerIp,
            int fanOutThreads) {
        this.status = status;
        this.heartbeat = heartbeat;
        this.slowClientLimit = slowClientLimit;
        this.maxStreams = maxStreams;
        this.maxStreamsPerIp = maxStreamsPerIp;
        List<Set<StreamClient>> sets = new ArrayList<>();
        List<ExecutorService> threads = new ArrayList<>();
        for (int i = 0; i < fanOutThreads; i++) {
            sets.add(ConcurrentHashMap.newKeySet());
            threads.add(Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("statusstream-fanout-" + i).factory()));
        }
        this.shards = List.copyOf(sets);
        this.fanOut = List.copyOf(threads);
    }

    /** The shard a new client joins; callers hand it to the {@link StreamClient}. */
    int nextShard() {
        return Math.floorMod(nextShard.getAndIncrement(), shards.size());
    }

    /** Follows the library's snapshots and starts the heartbeat. */
    public StreamHub start() {
        subscription = status.subscribe(this::broadcast);
        latest = Frame.snapshot(status.snapshot());
        long beat = heartbeat.toMillis();
        timer.scheduleAtFixedRate(this::heartbeatAll, beat, beat, TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(this::dropBlocked, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Why a stream was refused. */
    public enum Refusal {
        NONE, SHUTTING_DOWN, NODE_FULL, ADDRESS_FULL
    }

    /** Takes a place for a new stream from {@code address}, or says why not. A taken place must be released. */
    Refusal admit(String address) {
        if (closing) {
            stats.rejectedShuttingDown();
            return Refusal.SHUTTING_DOWN;
        }
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            stats.rejectedTotal();
            return Refusal.NODE_FULL;
        }
        AtomicInteger count = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
        if (count.incrementAndGet() > maxStreamsPerIp) {
            release(address);
            stats.rejectedPerIp();
            return Refusal.ADDRESS_FULL;
        }
        return Refusal.NONE;
    }

    /** Gives back a place taken by {@link #admit} for a stream that never started. */
    void admitFailed(String address) {
        release(address);
    }

    private void release(String address) {
        open.decrementAndGet();
        perAddress.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /**
     * Registers an admitted client and starts it: a jittered {@code retry} hint, then, for a client that
     * names the version it last saw, the changes it missed, then the newest snapshot (none when it is
     * up to date). A version ahead of this node's (the client saw it on a node that is a moment ahead)
     * is checked against PostgreSQL without holding a thread: when PostgreSQL has it, the client waits
     * up to {@link #CATCH_UP_WAIT} for this node to reach it and is then treated as up to date, so its
     * versions never go back across a reconnect; otherwise (from the future, another database, or not
     * reached in time) it gets the newest snapshot.
     *
     * @param idGiven whether the request named a last event id at all (possibly garbage)
     */
    void register(StreamClient client, OptionalLong lastSeen, boolean idGiven) {
        shards.get(client.shard).add(client);
        stats.opened();
        client.done().whenComplete((ok, error) -> unregister(client));
        if (closing) {
            client.close();
            return;
        }
        if (lastSeen.isPresent() && lastSeen.getAsLong() > latest.version()) {
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

    /**
     * Writes the opening for a client that last saw {@code seen} (-1: nothing usable). {@code outcome}
     * is what to count, or null to count what the opening turns out to be.
     */
    private void begin(StreamClient client, long seen, StreamStats.Start outcome) {
        // read after joining the shard: a broadcast racing with this either finds the client in its
        // shard or has already set the newer frame read here (latest is written before fanning out)
        Frame current = latest;
        List<Frame> opening = new ArrayList<>();
        // spread reconnects over 1-4 s so a restarted node is not hit by every browser at once
        opening.add(Frame.retry(1000 + ThreadLocalRandom.current().nextInt(3000)));
        if (seen > current.version()) { // only for a caught-up client when this node went back (a restored database)
            seen = -1;
        }
        List<Frame> missed = seen >= 0 && seen < current.version() ? missed(seen, current.version()) : List.of();
        opening.addAll(missed);
        if (seen < current.version()) {
            opening.add(current);
        }
        if (outcome == null) {
            outcome = seen == current.version() ? StreamStats.Start.UP_TO_DATE
                    : missed.isEmpty() ? StreamStats.Start.SNAPSHOT_FALLBACK : StreamStats.Start.REPLAYED;
        }
        stats.started(outcome);
        client.start(Frame.concat(opening), Math.max(seen, current.version()));
    }

    /**
     * Completes with true once this node serves {@code version} (PostgreSQL having confirmed it), with
     * false as soon as PostgreSQL says it has not reached it (or cannot say), and with null when the
     * node did not get there within {@link #CATCH_UP_WAIT}.
     */
    private CompletableFuture<Boolean> awaitVersion(long version) {
        var waiter = new Waiter(version, new CompletableFuture<>());
        waiters.add(waiter);
        if (latest.version() >= version) { // a broadcast between the caller's check and joining the waiters
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

    private void unregister(StreamClient client) {
        if (shards.get(client.shard).remove(client)) {
            release(client.address());
            stats.closed();
        }
    }

    /**
     * Runs on the library's sync thread: encode once, then each fan-out thread offers the same bytes
     * to its clients, so the sync thread never writes to a socket.
     */
    private void broadcast(Snapshot snapshot) {
        Frame frame = Frame.snapshot(snapshot);
        latest = frame;
        stats.broadcast();
        for (Waiter waiter : waiters) {
            if (waiter.version() <= frame.version()) {
                waiter.reached().complete(true);
            }
        }
        AtomicInteger shardsLeft = new AtomicInteger(shards.size());
        for (int i = 0; i < shards.size(); i++) {
            Set<StreamClient> shard = shards.get(i);
            fanOut.get(i).execute(() -> {
                // a newer snapshot is queued behind this one: skip straight to it
                if (latest.version() == frame.version()) {
                    long started = System.nanoTime();
                    for (StreamClient client : shard) {
                        client.offer(frame);
                    }
                    stats.fannedOut(System.nanoTime() - started);
                }
                if (shardsLeft.decrementAndGet() == 0) {
                    afterBroadcast.accept(snapshot);
                }
            });
        }
    }

    /**
     * Runs {@code observer} once each snapshot has been handed to every stream (by the last fan-out
     * thread to finish; also for a snapshot skipped because a newer one followed). It must not block.
     */
    public void afterBroadcast(Consumer<Snapshot> observer) {
        this.afterBroadcast = observer;
    }

    private void heartbeatAll() {
        for (int i = 0; i < shards.size(); i++) {
            Set<StreamClient> shard = shards.get(i);
            fanOut.get(i).execute(() -> {
                for (StreamClient client : shard) {
                    client.heartbeat();
                }
            });
        }
    }

    private void dropBlocked() {
        long now = System.nanoTime();
        long limit = slowClientLimit.toNanos();
        for (Set<StreamClient> shard : shards) {
            for (StreamClient client : shard) {
                if (client.blockedFor(now) > limit) {
                    stats.slowDropped();
                    log.info("dropping a stream to {}: its socket accepted nothing for {} ms", client.address(),
                            slowClientLimit.toMillis());
                    client.abort();
                }
            }
        }
    }

    /** Streams open now. */
    public int openStreams() {
        int count = 0;
        for (Set<StreamClient> shard : shards) {
            count += shard.size();
        }
        return count;
    }

    /** Streams whose write has been in flight (the socket accepting nothing more) for longer than {@code atLeast}. */
    int blockedStreams(Duration atLeast) {
        long now = System.nanoTime();
        long limit = atLeast.toNanos();
        int count = 0;
        for (Set<StreamClient> shard : shards) {
            for (StreamClient client : shard) {
                if (client.blockedFor(now) > limit) {
                    count++;
                }
            }
        }
        return count;
    }

    public StreamStats stats() {
        return stats;
    }

    /** The version the stream is serving. */
    public long version() {
        return latest.version();
    }

    /**
     * Stops admitting streams and ends the open ones cleanly, so browsers reconnect (to another node,
     * behind a load balancer). Waits up to {@code grace} for them to finish.
     */
    public void shutdown(Duration grace) {
        closing = true;
        int count = openStreams();
        forEachClient(StreamClient::close);
        long deadline = System.nanoTime() + grace.toNanos();
        while (openStreams() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int stuck = openStreams();
        forEachClient(StreamClient::abort);
        if (count > 0) {
            log.info("ended {} streams for shutdown; {} of them were cut, their sockets full for {} ms", count, stuck,
                    grace.toMillis());
        }
    }

    private void forEachClient(Consumer<StreamClient> action) {
        for (Set<StreamClient> shard : shards) {
            for (StreamClient client : shard) {
                action.accept(client);
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        if (subscription != null) {
            subscription.close();
        }
        timer.shutdownNow();
        starters.shutdownNow();
        fanOut.forEach(ExecutorService::shutdownNow);
    }
}
