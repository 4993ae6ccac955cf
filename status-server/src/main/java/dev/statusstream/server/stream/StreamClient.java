package dev.statusstream.server.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * One open stream and its single writer. Whatever thread has something for the client (a fan-out
 * thread broadcasting, the heartbeat, Jetty completing the previous write, shutdown) goes through
 * {@link #pump()} under this client's lock, and at most one write is in flight, so frames,
 * heartbeats and the final close never interleave. Writes are Jetty's non-blocking core writes of a
 * view of the shared frame: while one is in flight the client keeps only the newest snapshot
 * (conflation), so a slow client costs one reference to a shared frame, not a backlog. Thread-safe.
 */
final class StreamClient {
    private final String address;
    /**
     * Jetty's response below the servlet layer, for the opening write, which commits the headers: a
     * write hands the socket a view of the shared direct buffer (no copy, no aggregation buffer per
     * client) and completes a callback, with none of {@code HttpOutput}'s per-write state machine.
     * The opening is written by {@link #start}, not by {@link #pump()}: the pump then runs only the
     * broadcast path, so the JIT compiles it from broadcasts alone. When the pump also wrote openings,
     * a connect wave made it hot with the response's path (a large tree to inline, which C2 compiled
     * again and again during the first broadcasts, on the cores the broadcast needed) and with the
     * connection's path never taken.
     */
    private final Response response;
    /**
     * The connection itself, for every later write. The response is sent with {@code Connection:
     * close} and no length, so its body is exactly the bytes on the connection up to its end: once
     * the headers are out, an event can be handed straight to the connection, skipping Jetty's
     * per-write HTTP bookkeeping (a third of the user CPU of a broadcast). Jetty itself writes
     * nothing more until the response completes, and {@link #pump()} completes it only when no
     * write is in flight. Null over HTTP/2, where every write goes through the response.
     */
    private final EndPoint connection;
    private final Callback written = Callback.from(Callback.InvocationType.NON_BLOCKING, this::writeDone, this::writeFailed);
    /**
     * Read interest on the connection while the stream is open (see {@link #watchForClose()}). Blocking
     * type, so the selector hands it to a pool thread: ending the stream completes the response there.
     */
    private final Callback readable = Callback.from(this::onReadable, failure -> {
        watching = false;
        released();
    });
    private volatile boolean watching;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Runnable abort;
    private final StreamStats stats;
    final int shard;

    // guarded by this
    private Frame pending;
    private long queuedVersion = -1;
    private boolean heartbeatDue;
    /** Whether anything was handed to the socket since the last heartbeat tick (see {@link #tick}). */
    private boolean wrote;
    /** Heartbeat ticks since the one that first found the stream silent (capped at a heartbeat's worth). */
    private int quietTicks;
    private boolean started;
    private boolean closing;
    private boolean writing;
    private boolean pumping;

    private volatile long blockedSince;
    private volatile boolean closed;

    StreamClient(String address, Response response, EndPoint connection, Runnable abort, StreamStats stats, int shard) {
        this.address = address;
        this.response = response;
        this.connection = connection;
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
     * Starts writing: {@code opening} (retry hint, missed changes, snapshot) in one write through the
     * response, which commits the headers, unless a newer snapshot was offered meanwhile, which then
     * follows it. {@code version} is the newest version the client will have once {@code opening} is
     * written.
     */
    void start(Frame opening, long version) {
        synchronized (this) {
            queuedVersion = Math.max(queuedVersion, version);
            if (pending != null && pending.version() <= version) {
                pending = null;
            }
            started = true;
            if (closed || closing) {
                return; // ended before it started: close() finishes it
            }
            writing = true;
            wrote = true;
            pumping = true; // a write done at once returns to here, not into the pump
        }
        boolean failed = false;
        try {
            stats.sent(opening);
            response.write(false, opening.view(), written);
        } catch (RuntimeException e) {
            failed = true;
        }
        boolean more;
        synchronized (this) {
            pumping = false;
            if (writing) { // not done at once: the socket is full; writeDone resumes
                blockedSince = System.nanoTime();
            }
            more = !writing && (pending != null || heartbeatDue || closing);
        }
        if (failed) {
            stats.writeFailed();
            released();
        } else if (more) {
            pump();
        }
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

    /**
     * Notices at once a client that closes its connection, so its place on the node is given back then,
     * not when the next write to it fails (up to a heartbeat later). Jetty reads an HTTP/1 connection
     * only while a request's content is expected, and a GET has none: Jetty reports the end of the
     * request's content at once (all that a servlet read listener or {@code Request.demand} would hear),
     * then leaves the socket unread until the response completes. So the stream asks the connection
     * itself for read interest, as nginx does: the selector wakes it when the client closes (end of
     * input or reset) and costs nothing per broadcast. Over HTTP/2 the session always reads, and a
     * client's reset reaches the async listener by itself.
     */
    void watchForClose() {
        // false when something else reads the connection already: then a write notices the close
        watching = connection != null && !closed && connection.tryFillInterested(readable);
    }

    /**
     * The connection has something to read: the end of input when the client closed it (a stream
     * reads nothing, so anything else the client sends is dropped), or an error when it was reset.
     */
    private void onReadable() {
        watching = false;
        try {
            ByteBuffer discard = BufferUtil.allocate(256);
            int filled;
            do {
                BufferUtil.clear(discard);
                filled = connection.fill(discard);
            } while (filled > 0);
            if (filled < 0) {
                released();
            } else if (!closed) {
                watchForClose();
            }
        } catch (IOException | RuntimeException e) {
            released();
        }
    }

    /**
     * Withdraws the read interest before the stream ends on the server's side: Jetty aborts a
     * connection that still has a read pending when its response completes.
     */
    private void stopWatching() {
        if (watching && connection instanceof AbstractEndPoint endPoint) {
            watching = false;
            endPoint.getFillInterest().onFail(new CancellationException("the stream ended"));
        }
    }

    /**
     * One tick of the heartbeat clock, which ticks {@code ticksPerHeartbeat} times per heartbeat
     * interval: sends {@code : heartbeat} once nothing has been written to the stream for a whole
     * interval, counted in ticks. A stream that had an event since the last tick is not silent, so a
     * broadcast spares every stream the heartbeat round that would have followed it; a silent stream
     * still gets one every interval, and no stream goes longer than an interval without a write (a
     * write just after a tick is followed by a heartbeat {@code ticksPerHeartbeat} ticks later). Nothing
     * is sent when something is already waiting to be written.
     */
    void tick(int ticksPerHeartbeat) {
        synchronized (this) {
            if (closing || !started) {
                return;
            }
            if (wrote) {
                wrote = false;
                quietTicks = 1;
            } else if (quietTicks < ticksPerHeartbeat) {
                quietTicks++;
            }
            if (quietTicks < ticksPerHeartbeat || pending != null) {
                return;
            }
            heartbeatDue = true;
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
            if (closed || !started || writing || pumping) {
                return;
            }
            pumping = true;
            try {
                while (true) {
                    if (closing) {
                        finish = true;
                        closed = true;
                        break;
                    }
                    Frame next = poll();
                    if (next == null) {
                        break;
                    }
                    writing = true;
                    wrote = true;
                    stats.sent(next);
                    if (connection != null) {
                        connection.write(written, next.view());
                    } else {
                        response.write(false, next.view(), written);
                    }
                    if (writing) { // not done at once: the socket is full; writeDone resumes
                        blockedSince = System.nanoTime();
                        break;
                    }
                }
            } catch (RuntimeException e) {
                stats.writeFailed();
                closed = true;
                finish = true;
            } finally {
                pumping = false;
            }
        }
        if (finish) {
            stopWatching();
            done.complete(null);
        }
    }

    /** Jetty finished a write: at once (inside {@code write}, where the loop goes on) or later. */
    private void writeDone() {
        synchronized (this) {
            writing = false;
            blockedSince = 0;
            // after most openings nothing waits: the pump is left to the broadcasts (see response)
            if (pumping || (pending == null && !heartbeatDue && !closing)) {
                return;
            }
        }
        pump();
    }

    private void writeFailed(Throwable failure) {
        stats.writeFailed();
        released();
    }

    private Frame poll() {
        Frame next;
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

    /** Nanos since the write in flight started, or 0 when none is. */
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
            pending = null;
            heartbeatDue = false;
            if (!started) {
                closed = true;
            }
        }
        if (closed) {
            stopWatching();
            done.complete(null);
        } else {
            pump();
        }
    }

    /** The connection is gone (the client closed it, or Jetty reported an error or completion): release at once. */
    void released() {
        synchronized (this) {
            closing = true;
            closed = true;
        }
        stopWatching();
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
