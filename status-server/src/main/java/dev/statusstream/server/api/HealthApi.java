package dev.statusstream.server.api;

import dev.statusstream.Health;
import dev.statusstream.StatusStream;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/** {@code /healthz} (the process answers) and {@code /readyz} (PostgreSQL reachable; Redis reported). */
public final class HealthApi {
    private final StatusStream status;
    private final LongSupplier streamVersion;
    private final IntSupplier openStreams;

    /**
     * @param streamVersion the version the stream serves
     * @param openStreams   the streams open now
     */
    public HealthApi(StatusStream status, LongSupplier streamVersion, IntSupplier openStreams) {
        this.status = status;
        this.streamVersion = streamVersion;
        this.openStreams = openStreams;
    }

    public void alive(Context ctx) {
        JsonReply.send(ctx.header("Cache-Control", "no-store"), Map.of("status", "ok"));
    }

    public void ready(Context ctx) {
        Health health = status.health();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", health.ready() ? "ready" : "unavailable");
        body.put("postgres", health.database() ? "up" : "down");
        if (!health.database()) {
            body.put("postgresError", health.databaseError());
        }
        body.put("redis", health.redis());
        if (health.redisError() != null) {
            body.put("redisError", health.redisError());
        }
        body.put("version", streamVersion.getAsLong());
        body.put("streams", openStreams.getAsInt());
        // how this node follows changes: Redis messages ignored as invalid or stale, resyncs, reconnects
        body.put("sync", status.stats());
        JsonReply.send(ctx.header("Cache-Control", "no-store"), health.ready() ? 200 : 503, body);
    }
}
