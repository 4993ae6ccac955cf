package dev.statusstream.server.stream;

import dev.statusstream.Snapshot;
import dev.statusstream.StatusStream;
import dev.statusstream.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of every open stream on this node: admits clients within the limits
 * ({@link StreamAdmission}), starts each one with what it missed ({@link StreamResume}), broadcasts
 * each new snapshot encoded once, the same bytes for everyone, and sends heartbeats through each
 * client's writer ({@link StreamShards}), drops clients whose socket stays blocked, and ends every
 * stream on shutdown. Work that can wait (delivering notifications) waits for the broadcasts in
 * flight with {@link #awaitQuiet}. Thread-safe.
 */
public final class StreamHub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamHub.class);
    private static final Duration SWEEP = Duration.ofSeconds(1);
    /**
     * Heartbeat ticks per interval. A stream is sent a heartbeat once it has been silent for a whole
     * interval; finer ticks let one that just had an event wait a whole interval, not be sent one at
     * the next round, at the cost of looking at every stream's flag ten times as often (no write).
     */
    private static final int TICKS_PER_HEARTBEAT = 10;

    private final StatusStream status;
    private final Duration heartbeat;
    private final Duration slowClientLimit;
    private final StreamStats stats = new StreamStats();
    private final StreamAdmission admission;
    private final StreamShards shards;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("statusstream-stream-timer").factory());
    private final StreamResume resume;
    private final BroadcastsInFlight inFlight = new BroadcastsInFlight();
    private volatile Frame latest;
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
        this.admission = new StreamAdmission(maxStreams, maxStreamsPerIp, stats);
        this.shards = new StreamShards(fanOutThreads);
        this.resume = new StreamResume(status, stats, () -> latest, timer);
    }

    /** The shard a new client joins; callers hand it to the {@link StreamClient}. */
    int nextShard() {
        return shards.nextShard();
    }

    /** Follows the library's snapshots and starts the heartbeat. */
    public StreamHub start() {
        subscription = status.subscribe(this::broadcast);
        latest = Frame.snapshot(status.snapshot());
        long tick = Math.max(1, heartbeat.toNanos() / TICKS_PER_HEARTBEAT);
        timer.scheduleAtFixedRate(() -> shards.tick(TICKS_PER_HEARTBEAT), tick, tick, TimeUnit.NANOSECONDS);
        timer.scheduleAtFixedRate(this::dropBlocked, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Takes a place for a new stream from {@code address}, or says why not. A taken place must be released. */
    StreamAdmission.Refusal admit(String address) {
        return admission.admit(address);
    }

    /** Gives back a place taken by {@link #admit} for a stream that never started. */
    void admitFailed(String address) {
        admission.release(address);
    }

    /**
     * Registers an admitted client and starts it with what it missed (see {@link StreamResume}).
     *
     * @param idGiven whether the request named a last event id at all (possibly garbage)
     */
    void register(StreamClient client, OptionalLong lastSeen, boolean idGiven) {
        shards.add(client);
        stats.opened();
        client.done().whenComplete((ok, error) -> unregister(client));
        if (admission.stopped()) {
            client.close();
            return;
        }
        resume.start(client, lastSeen, idGiven);
    }

    private void unregister(StreamClient client) {
        if (shards.remove(client)) {
            admission.release(client.address());
            stats.closed();
        }
    }

    /**
     * Runs on the library's sync thread: encode once, then each fan-out thread offers the same bytes
     * to its clients, so the sync thread never writes to a socket.
     */
    private void broadcast(Snapshot snapshot) {
        inFlight.started();
        Frame frame = Frame.snapshot(snapshot);
        latest = frame;
        stats.broadcast();
        resume.reached(frame.version());
        shards.broadcast(frame, () -> latest.version(), stats::fannedOut, () -> {
            inFlight.finished();
            afterBroadcast.accept(snapshot);
        });
    }

    /**
     * Returns once no broadcast is being written to the streams, or after {@code atMost}: a delivery
     * waits here before each send (a {@link dev.statusstream.DeliveryGate}), so that mailing thousands
     * of subscribers does not slow the live page down.
     */
    public void awaitQuiet(Duration atMost) throws InterruptedException {
        inFlight.awaitNone(atMost);
    }

    /**
     * Runs {@code observer} once each snapshot has been handed to every stream (by the last fan-out
     * thread to finish; also for a snapshot skipped because a newer one followed). It must not block.
     */
    public void afterBroadcast(Consumer<Snapshot> observer) {
        this.afterBroadcast = observer;
    }

    private void dropBlocked() {
        for (StreamClient client : shards.blocked(slowClientLimit)) {
            stats.slowDropped();
            log.info("dropping a stream to {}: its socket accepted nothing for {} ms", client.address(),
                    slowClientLimit.toMillis());
            client.abort();
        }
    }

    /** Streams open now. */
    public int openStreams() {
        return shards.count();
    }

    /** Streams whose write has been in flight (the socket accepting nothing more) for longer than {@code atLeast}. */
    int blockedStreams(Duration atLeast) {
        return shards.blocked(atLeast).size();
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
     * behind a load balancer): each ends once its write in flight is done. Waits up to {@code grace}
     * for all of them, then cuts those whose socket still accepts nothing.
     */
    public void shutdown(Duration grace) {
        admission.stop();
        List<StreamClient> clients = new ArrayList<>();
        shards.forEach(clients::add);
        clients.forEach(StreamClient::close);
        try {
            CompletableFuture.allOf(clients.stream().map(StreamClient::done).toArray(CompletableFuture[]::new))
                    .get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // some sockets stayed full: cut below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.debug("a stream ended with an error", e);
        }
        List<StreamClient> stuck = clients.stream().filter(client -> !client.done().isDone()).toList();
        stuck.forEach(StreamClient::abort);
        // a stream's own unregistering may still be running on the thread that ended it: the count is exact on return
        clients.forEach(this::unregister);
        if (!clients.isEmpty()) {
            log.info("ended {} streams for shutdown; {} of them were cut, their sockets full for {} ms", clients.size(),
                    stuck.size(), grace.toMillis());
        }
    }

    @Override
    public void close() {
        admission.stop();
        if (subscription != null) {
            subscription.close();
        }
        timer.shutdownNow();
        resume.close();
        shards.close();
    }
}
