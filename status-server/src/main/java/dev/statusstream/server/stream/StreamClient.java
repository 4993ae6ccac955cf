package dev.statusstream.server.stream;

import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * One open stream and its single writer. Whatever thread has something for the client (a fan-out
 * thread broadcasting, the heartbeat, Jetty saying the socket drained, shutdown) goes through
 * {@link #pump()} under this client's lock, so frames, heartbeats and the final close never
 * interleave. Writes are non-blocking: while the socket is full the client keeps only the newest
 * snapshot (conflation), so a slow client costs one reference to a shared frame, not a backlog.
 * Thread-safe.
 */
final class StreamClient {
    private final String address;
    private final ServletOutputStream out;
    /** Jetty's stream, which writes a shared direct buffer without copying it or aggregating. */
    private final HttpOutput jetty;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Runnable abort;
    private final StreamStats stats;
    final int shard;

    // guarded by this
    private Frame opening;
    private Frame pending;
    private long queuedVersion = -1;
    private boolean heartbeatDue;
    private boolean started;
    private boolean needsFlush;
    private boolean closing;

    private volatile long blockedSince;
    private volatile boolean closed;

    StreamClient(String address, ServletOutputStream out, Runnable abort, StreamStats stats, int shard) {
        this.address = address;
        this.out = out;
        this.jetty = out instanceof HttpOutput http ? http : null;
        this.abort = abort;
        this.stats = stats;
        this.shard = shard;
    }

    String address() {
        return address;
    }

    /** Completes when the stream is over; completing it ends the HTTP response. */
    CompletableFuture<Void> done() {
        return done;
    }

    /**
     * Starts writing: {@code opening} (retry hint, missed changes, snapshot) in one write, unless a
     * newer snapshot was offered meanwhile, which then follows it. {@code version} is the newest
     * version the client will have once {@code opening} is written.
     */
    void start(Frame opening, long version) {
        synchronized (this) {
            this.opening = opening;
            queuedVersion = Math.max(queuedVersion, version);
            if (pending != null && pending.version() <= version) {
                pending = null;
            }
            started = true;
        }
        pump();
    }

    /** A newer snapshot replaces any snapshot not yet written; older or equal ones are ignored. */
    void offer(Frame snapshot) {
        synchronized (this) {
            if (closing || snapshot.version() <= queuedVersion) {
                return;
            }
            if (pending != null) {
                stats.conflated();
            }
            pending = snapshot;
            queuedVersion = snapshot.version();
        }
        pump();
    }

    /** Sends {@code : heartbeat} unless something is already waiting to be written. */
    void heartbeat() {
        synchronized (this) {
            if (closing || !started) {
                return;
            }
            if (opening == null && pending == null) {
                heartbeatDue = true;
            }
        }
        pump();
    }

    /**
     * Writes while the socket accepts; called by every producer and by Jetty when the socket drains.
     * Finishes a requested close once nothing is in flight. Completes {@link #done()} outside the lock:
     * that runs Javalin's end of the response on this thread.
     */
    void pump() {
        boolean finish = false;
        synchronized (this) {
            if (closed || !started) {
                return;
            }
            try {
                while (out.isReady()) {
                    blockedSince = 0;
                    if (needsFlush) {
                        needsFlush = false;
                        out.flush();
                        continue;
                    }
                    if (closing) {
                        finish = true;
                        closed = true;
                        break;
                    }
                    Frame next = poll();
                    if (next == null) {
                        return;
                    }
                    write(next);
                    stats.sent(next);
                }
                if (!finish && blockedSince == 0) {
                    blockedSince = System.nanoTime();
                }
            } catch (IOException | IllegalStateException e) {
                stats.writeFailed();
                closed = true;
                finish = true;
            }
        }
        if (finish) {
            done.complete(null);
        }
    }

    private void write(Frame frame) throws IOException {
        if (jetty != null) {
            jetty.write(frame.view());
            return;
        }
        ByteBuffer view = frame.view();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        out.write(bytes);
        needsFlush = true;
    }

    private Frame poll() {
        Frame next = opening;
        if (next != null) {
            opening = null;
            return next;
        }
        if (pending != null) {
            next = pending;
            pending = null;
            heartbeatDue = false;
            return next;
        }
        if (heartbeatDue) {
            heartbeatDue = false;
            return Frame.HEARTBEAT;
        }
        return null;
    }

    /** Nanos since a write stopped making progress, or 0 when none is stuck. */
    long blockedFor(long now) {
        long since = blockedSince;
        return since == 0 ? 0 : now - since;
    }

    /**
     * Ends the stream cleanly once the write in flight (if any) is done: the response completes and a
     * browser reconnects. Nothing not yet written is sent. Idempotent.
     */
    void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            opening = null;
            pending = null;
            heartbeatDue = false;
            if (!started) {
                closed = true;
            }
        }
        if (closed) {
            done.complete(null);
        } else {
            pump();
        }
    }

    /** The connection is gone (Jetty reported an error or completion): release at once. */
    void released() {
        synchronized (this) {
            closing = true;
            closed = true;
        }
        done.complete(null);
    }

    /** Cuts the connection of a client that stopped reading: its pending write can never finish. */
    void abort() {
        synchronized (this) {
            closing = true;
            closed = true;
        }
        abort.run();
        done.complete(null);
    }

    boolean isClosed() {
        return closed;
    }
}
