package dev.statusstream.server.stream;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's stream limits: how many streams it holds in all and per client address, and whether it
 * still takes any. A place is taken before a stream starts and given back when it ends. Thread-safe.
 */
final class StreamAdmission {
    /** Why a stream was refused. */
    enum Refusal {
        NONE, SHUTTING_DOWN, NODE_FULL, ADDRESS_FULL
    }

    private final int maxStreams;
    private final int maxStreamsPerIp;
    private final StreamStats stats;
    private final ConcurrentHashMap<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean stopped;

    StreamAdmission(int maxStreams, int maxStreamsPerIp, StreamStats stats) {
        this.maxStreams = maxStreams;
        this.maxStreamsPerIp = maxStreamsPerIp;
        this.stats = stats;
    }

    /** Takes a place for a new stream from {@code address}, or says why not. A taken place must be released. */
    Refusal admit(String address) {
        if (stopped) {
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

    /** Gives back a place taken by {@link #admit}. */
    void release(String address) {
        open.decrementAndGet();
        perAddress.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /** Refuses every stream from now on: the node is shutting down. */
    void stop() {
        stopped = true;
    }

    boolean stopped() {
        return stopped;
    }
}
