package dev.statusstream.server.api;

import dev.statusstream.Snapshot;
import dev.statusstream.StatusStream;
import io.javalin.http.Context;

/**
 * {@code GET /api/status}: the current snapshot, rendered once per version. Public, CORS {@code *} without
 * credentials, {@code 304} for a poller whose copy is current.
 */
public final class StatusApi {
    private final StatusStream status;
    private final RenderedCache cache;

    public StatusApi(StatusStream status, RenderedCache cache) {
        this.status = status;
        this.cache = cache;
    }

    public void snapshot(Context ctx) {
        Snapshot snapshot = status.snapshot();
        var rendered = cache.get("api/status", snapshot.version(),
                () -> RenderedCache.Rendered.of(snapshot.version(), "application/json", snapshot.toJson()));
        PublicRead.send(ctx, snapshot, rendered);
    }
}
