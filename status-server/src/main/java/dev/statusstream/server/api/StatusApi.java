package dev.statusstream.server.api;

import dev.statusstream.Snapshot;
import dev.statusstream.StatusStream;
import io.javalin.http.Context;

/**
 * {@code GET /api/status}: the current snapshot. Public, CORS {@code *} without
 * credentials, {@code 304} for a poller whose copy is current.
 */
public final class StatusApi {
    private final StatusStream status;

    public StatusApi(StatusStream status) {
        this.status = status;
    }

    public void snapshot(Context ctx) {
        Snapshot snapshot = status.snapshot();
        if (PublicRead.notModified(ctx, snapshot, "api/status")) {
            return;
        }
        ctx.contentType("application/json").result(snapshot.toJson());
    }
}
