package dev.statusstream.server.stream;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/status/stream} (SPEC section 3). The origin check has run as a before-handler. Holds
 * no thread: the exchange stays open as an async request, written to with non-blocking servlet I/O by
 * the client's own writer.
 */
public final class StreamHandler implements Handler {
    private static final Logger log = LoggerFactory.getLogger(StreamHandler.class);

    private final StreamHub hub;

    public StreamHandler(StreamHub hub) {
        this.hub = hub;
    }

    @Override
    public void handle(Context ctx) {
        String address = ctx.ip();
        StreamHub.Refusal refusal = hub.admit(address);
        if (refusal != StreamHub.Refusal.NONE) {
            refuse(ctx, refusal, address);
            return;
        }
        var lastSeen = LastEventId.parse(ctx.header("Last-Event-ID"), ctx.queryParam("lastEventId"));
        HttpServletRequest req = ctx.req();
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream;charset=utf-8");
        res.setHeader("Cache-Control", "no-cache, no-transform");
        res.setHeader("X-Accel-Buffering", "no");
        ctx.future(() -> {
            AsyncContext async = req.getAsyncContext();
            ServletOutputStream out;
            try {
                out = res.getOutputStream();
            } catch (IOException e) {
                hub.admitFailed(address);
                return CompletableFuture.completedFuture(null);
            }
            var client = new StreamClient(address, out, () -> abortConnection(req), hub.stats());
            async.addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    client.close();
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                    client.close();
                }

                @Override
                public void onError(AsyncEvent event) {
                    client.close();
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                }
            });
            out.setWriteListener(new WriteListener() {
                @Override
                public void onWritePossible() {
                    client.pump();
                }

                @Override
                public void onError(Throwable t) {
                    client.close();
                }
            });
            hub.register(client, lastSeen);
            return client.done();
        });
    }

    private void refuse(Context ctx, StreamHub.Refusal refusal, String address) {
        switch (refusal) {
            case ADDRESS_FULL -> {
                log.warn("refused a stream from {}: it already has the most streams one address may open", address);
                ctx.status(429).header("Retry-After", "30")
                        .json(java.util.Map.of("error", "too many streams from your address; retry later"));
            }
            case NODE_FULL -> {
                log.warn("refused a stream from {}: this node holds the most streams it may", address);
                ctx.status(503).header("Retry-After", "5")
                        .json(java.util.Map.of("error", "this server is at its stream limit; retry later"));
            }
            default -> ctx.status(503).header("Retry-After", "2")
                    .json(java.util.Map.of("error", "this server is shutting down; retry"));
        }
    }

    /** Closes the TCP connection under a request whose write can never complete. */
    private static void abortConnection(HttpServletRequest req) {
        try {
            ServletContextRequest jetty = ServletContextRequest.getServletContextRequest(req);
            if (jetty != null) {
                jetty.getConnectionMetaData().getConnection().getEndPoint().close();
            }
        } catch (RuntimeException e) {
            log.debug("could not abort a connection", e);
        }
    }
}
