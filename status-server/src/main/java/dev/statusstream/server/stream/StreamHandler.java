package dev.statusstream.server.stream;

import dev.statusstream.server.api.HttpError;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/status/stream}. The origin check has run as a before-handler. Holds
 * no thread: the exchange stays open as an async request, written to with non-blocking servlet I/O by
 * the client's own writer.
 */
public final class StreamHandler implements Handler {
    private static final Logger log = LoggerFactory.getLogger(StreamHandler.class);

    /** Bytes of socket send buffer per stream (see {@link #boundSendBuffer}). */
    static final int SEND_BUFFER = 32 * 1024;

    private final StreamHub hub;
    private final AtomicLong lastRefusalLog = new AtomicLong();

    public StreamHandler(StreamHub hub) {
        this.hub = hub;
    }

    @Override
    public void handle(Context ctx) {
        // the socket's peer, or the client behind a trusted proxy when the server configures ctx.ip() so
        String address = ctx.ip();
        // a stream that DirectStream, in front, refused has been counted there
        StreamAdmission.Refusal refusal = ctx.req().getAttribute(DirectStream.REFUSAL) instanceof StreamAdmission.Refusal passed
                ? passed : hub.admit(address);
        if (refusal != StreamAdmission.Refusal.NONE) {
            refuse(ctx, refusal, address);
            return;
        }
        String header = ctx.header("Last-Event-ID");
        String query = ctx.queryParam("lastEventId");
        var lastSeen = LastEventId.parse(header, query);
        boolean idGiven = header != null || query != null;
        HttpServletRequest req = ctx.req();
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream;charset=utf-8");
        res.setHeader("Cache-Control", "no-cache, no-transform");
        res.setHeader("X-Accel-Buffering", "no");
        // No keep-alive: the body then ends with the connection instead of being chunked, which saves
        // a chunk header on every write; and a browser reconnecting after a shutdown opens a new
        // connection, which a load balancer can send to another node.
        res.setHeader("Connection", "close");
        ctx.future(() -> {
            AsyncContext async = req.getAsyncContext();
            ServletContextRequest jetty = ServletContextRequest.getServletContextRequest(req);
            if (jetty == null) {
                hub.admitFailed(address);
                throw new IllegalStateException("the status stream needs Jetty 12 (ee10) under Javalin");
            }
            boundSendBuffer(jetty);
            // an HTTP/1 body sent with Connection: close is the bytes on the connection; HTTP/2 frames it
            EndPoint connection = jetty.getConnectionMetaData().getHttpVersion().getVersion() < 20
                    ? jetty.getConnectionMetaData().getConnection().getEndPoint() : null;
            var client = new StreamClient(address, jetty.getServletContextResponse(), connection,
                    () -> abortConnection(jetty), hub.stats(), hub.nextShard());
            async.addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    client.released();
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                    client.released();
                }

                @Override
                public void onError(AsyncEvent event) {
                    client.released();
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                }
            });
            hub.register(client, lastSeen, idGiven);
            client.watchForClose();
            return client.done();
        });
    }

    /**
     * Answers over a limit with 429/503 and {@code Retry-After} (through {@code ErrorMapping}); logs
     * at most once a second, as a storm of refusals must not become a storm of log lines.
     */
    private void refuse(Context ctx, StreamAdmission.Refusal refusal, String address) {
        long now = System.nanoTime();
        long last = lastRefusalLog.get();
        boolean logIt = now - last > TimeUnit.SECONDS.toNanos(1) && lastRefusalLog.compareAndSet(last, now);
        switch (refusal) {
            case ADDRESS_FULL -> {
                if (logIt) {
                    log.warn("refused a stream from {}: it already has the most streams one address may open ({} so far)",
                            address, hub.stats().rejectedPerIpTotal());
                }
                ctx.header("Retry-After", "30");
                throw new HttpError(429, "too many streams from your address; retry later", null);
            }
            case NODE_FULL -> {
                if (logIt) {
                    log.warn("refused a stream from {}: this node holds the most streams it may ({} refused so far)",
                            address, hub.stats().rejectedOverTotal());
                }
                ctx.header("Retry-After", "5");
                throw new HttpError(503, "this server is at its stream limit; retry later", null);
            }
            default -> {
                ctx.header("Retry-After", "2");
                throw new HttpError(503, "this server is shutting down; retry", null);
            }
        }
    }

    /** Closes the TCP connection under a request whose write can never complete. */
    static void abortConnection(Request req) {
        try {
            req.getConnectionMetaData().getConnection().getEndPoint().close();
        } catch (RuntimeException e) {
            log.debug("could not abort a connection", e);
        }
    }

    /**
     * Fixes the stream socket's send buffer. Linux sizes a loopback or fast socket's buffer in the
     * megabytes; for a stream that only ever needs the newest snapshot that is kernel memory spent on
     * a backlog (at 100,000 streams, gigabytes), and it lets a client that stopped reading absorb
     * dozens of snapshots before its writes block and the slow-client limit starts counting. The
     * kernel doubles the value for its bookkeeping; a larger frame is still written, in parts.
     */
    static void boundSendBuffer(Request req) {
        try {
            if (req.getConnectionMetaData().getConnection().getEndPoint() instanceof SocketChannelEndPoint socket) {
                socket.getChannel().setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("could not size a stream's send buffer", e);
        }
    }
}
