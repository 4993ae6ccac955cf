package dev.statusstream.server.stream;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the stream engine, for {@code /metrics} and the logs. Thread-safe. */
public final class StreamStats {
    /** How a stream was started, from the {@code Last-Event-ID} (or {@code ?lastEventId=}) it came with. */
    public enum Start {
        /** No id: the latest snapshot. */
        FRESH,
        /** The id was this node's version: nothing resent. */
        UP_TO_DATE,
        /**
         * The id was ahead of this node (it lags its peers by a moment): PostgreSQL confirmed it and the
         * node reached it within the wait, so the client was treated as up to date (then given anything newer).
         */
        CAUGHT_UP,
        /** Behind: the missed changes as named events, then the latest snapshot. */
        REPLAYED,
        /**
         * Behind, but the changes could not all be replayed (too many, a gap in the change log,
         * PostgreSQL unavailable), or ahead and not reached in time: the latest snapshot alone.
         */
        SNAPSHOT_FALLBACK,
        /** Garbage, or a version PostgreSQL never reached: the latest snapshot. */
        UNKNOWN_ID;

        /** The metric label: the name in lower case. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final LongAdder[] starts = new LongAdder[Start.values().length];
    private final LongAdder opened = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final LongAdder events = new LongAdder();
    private final LongAdder heartbeats = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder conflated = new LongAdder();
    private final LongAdder slowDropped = new LongAdder();
    private final LongAdder writeFailures = new LongAdder();
    private final LongAdder rejectedPerIp = new LongAdder();
    private final LongAdder rejectedTotal = new LongAdder();
    private final LongAdder rejectedOrigin = new LongAdder();
    private final LongAdder rejectedShuttingDown = new LongAdder();
    private final LongAdder broadcasts = new LongAdder();
    private final LongAdder fanOutNanos = new LongAdder();

    StreamStats() {
        for (int i = 0; i < starts.length; i++) {
            starts[i] = new LongAdder();
        }
    }

    void started(Start outcome) {
        starts[outcome.ordinal()].increment();
    }

    /** Streams started with {@code outcome} so far. */
    public long starts(Start outcome) {
        return starts[outcome.ordinal()].sum();
    }

    void opened() {
        opened.increment();
    }

    void closed() {
        closed.increment();
    }

    void sent(Frame frame) {
        if (frame == Frame.HEARTBEAT) {
            heartbeats.increment();
        } else {
            events.increment();
        }
        bytes.add(frame.size());
    }

    void conflated() {
        conflated.increment();
    }

    void slowDropped() {
        slowDropped.increment();
    }

    void writeFailed() {
        writeFailures.increment();
    }

    void rejectedPerIp() {
        rejectedPerIp.increment();
    }

    void rejectedTotal() {
        rejectedTotal.increment();
    }

    void rejectedShuttingDown() {
        rejectedShuttingDown.increment();
    }

    void broadcast() {
        broadcasts.increment();
    }

    /** One fan-out thread finished offering a snapshot to its share of the clients. */
    void fannedOut(long nanos) {
        fanOutNanos.add(nanos);
    }

    public void rejectedOrigin() {
        rejectedOrigin.increment();
    }

    public long openedTotal() {
        return opened.sum();
    }

    public long closedTotal() {
        return closed.sum();
    }

    public long eventsSent() {
        return events.sum();
    }

    public long heartbeatsSent() {
        return heartbeats.sum();
    }

    public long bytesSent() {
        return bytes.sum();
    }

    public long conflatedTotal() {
        return conflated.sum();
    }

    public long slowClientsDropped() {
        return slowDropped.sum();
    }

    public long writeFailures() {
        return writeFailures.sum();
    }

    public long rejectedPerIpTotal() {
        return rejectedPerIp.sum();
    }

    public long rejectedOverTotal() {
        return rejectedTotal.sum();
    }

    public long rejectedOriginTotal() {
        return rejectedOrigin.sum();
    }

    /** Streams refused because the node was shutting down. */
    public long rejectedShuttingDownTotal() {
        return rejectedShuttingDown.sum();
    }

    /** Snapshots handed to the fan-out (each encoded once). */
    public long broadcastsTotal() {
        return broadcasts.sum();
    }

    /**
     * Time the fan-out threads spent offering snapshots to clients, summed over threads, in
     * nanoseconds: divided by {@link #broadcastsTotal()}, the thread time one change costs.
     */
    public long fanOutNanosTotal() {
        return fanOutNanos.sum();
    }
}
