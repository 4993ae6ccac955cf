package dev.statusstream.server.stream;

import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One open stream and its single writer. Whatever thread offers a frame (the sync thread broadcasting,
 * the heartbeat timer, Jetty signalling that the socket drained) runs {@link #pump()} under this
 * client's lock, so frames never interleave. Writes are non-blocking: while the socket is full the
 * client keeps only the newest snapshot (conflation), so a slow client costs one shared frame, not a
 * backlog. Thread-safe.
 */
final class StreamClient {
    private final String address;
    private final ServletOutputStream out;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Runnable abort;
    private final StreamStats stats;

    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private Frame pendingSnapshot;
    private long queuedVersion = -1;
    private boolean heartbeatDue;
    private boolean started;
    private boolean needsFlush;
    private volatile long blockedSince;
    private volatile boolean closed;

    StreamClient(String address, ServletOutputStream out, Runnable abort, StreamStats stats) {
        this.address = address;
        this.out = out;
        this.abort = abort;
        this.stats = stats;
    }

    String address() {
        return address;
    }

    /** Completes when the stream is over; completing it ends the HTTP response. */
    CompletableFuture<Void> done() {
        return done;
    }

    /**
     * Starts writing: first {@code preamble} (retry hint, missed changes), then {@code snapshot} unless
     * the client already has {@code seenVersion} or something newer was offered meanwhile.
     */
    synchronized void start(List<Frame> preamble, long seenVersion, Frame snapshot) {
        queue.addAll(preamble);
        queuedVersion = Math.max(queuedVersion, seenVersion);
        if (snapshot != null && snapshot.version() > queuedVersion) {
            pendingSnapshot = snapshot;
            queuedVersion = snapshot.version();
        }
        started = true;
        pump();
    }

    /** A newer snapshot replaces any snapshot not yet written; older or equal ones are ignored. */
    synchronized void offer(Frame snapshot) {
        if (closed || snapshot.version() <= queuedVersion) {
            return;
        }
        if (pendingSnapshot != null) {
            stats.conflated();
        }
        pendingSnapshot = snapshot;
        queuedVersion = snapshot.version();
        if (started) {
            pump();
        }
    }

    /** Sends {@code : heartbeat} unless something is already waiting to be written. */
    synchronized void heartbeat() {
        if (closed || !started) {
            return;
        }
        if (queue.isEmpty() && pendingSnapshot == null) {
            heartbeatDue = true;
        }
        pump();
    }

    /** Writes while the socket accepts; called by offers and by Jetty when the socket drains. */
    synchronized void pump() {
        if (closed || !started) {
            return;
        }
        try {
            while (out.isReady()) {
                if (needsFlush) {
                    needsFlush = false;
                    out.flush();
                    continue;
                }
                Frame next = poll();
                if (next == null) {
                    blockedSince = 0;
                    return;
                }
                out.write(next.bytes());
                stats.sent(next);
                needsFlush = true;
            }
            if (blockedSince == 0) {
                blockedSince = System.nanoTime();
            }
        } catch (IOException | IllegalStateException e) {
            stats.writeFailed();
            close();
        }
    }

    private Frame poll() {
        Frame next = queue.poll();
        if (next != null) {
            return next;
        }
        if (pendingSnapshot != null) {
            next = pendingSnapshot;
            pendingSnapshot = null;
            heartbeatDue = false;
            return next;
        }
        if (heartbeatDue) {
            heartbeatDue = false;
            return Frame.HEARTBEAT;
        }
        return null;
    }

    /** Nanos since the socket stopped accepting writes, or 0 when it is not blocked. */
    long blockedFor(long now) {
        long since = blockedSince;
        return since == 0 ? 0 : now - since;
    }

    /** Ends the stream cleanly (the response completes; a browser reconnects). Idempotent. */
    void close() {
        closed = true;
        done.complete(null);
    }

    /** Cuts the connection of a client that stopped reading: its pending write can never finish. */
    void abort() {
        closed = true;
        abort.run();
        done.complete(null);
    }

    boolean isClosed() {
        return closed;
    }
}
