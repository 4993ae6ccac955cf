package dev.statusstream.server.admin;

import dev.statusstream.Incident;
import dev.statusstream.NotFoundException;
import dev.statusstream.Snapshot;
import dev.statusstream.StatusStream;
import io.javalin.http.Context;

/**
 * The admin routes that read incidents and maintenance: list and show (the writes are
 * {@link OperationRoute}s).
 */
final class IncidentAdmin {
    private final StatusStream status;

    IncidentAdmin(StatusStream status) {
        this.status = status;
    }

    /** {@code GET /api/admin/incidents}: what the page shows (open, upcoming and recent ones). */
    void list(Context ctx) {
        Snapshot snapshot = status.snapshot();
        Replies.send(ctx, 200, snapshot.version(), "incidents", snapshot.incidents());
    }

    /** {@code GET /api/admin/incidents/{slug}}: one incident with every update. */
    void show(Context ctx) {
        String slug = slug(ctx);
        long version = status.snapshot().version();
        Replies.send(ctx, 200, version, "incident", find(slug));
    }

    private Incident find(String slug) {
        return status.incident(slug).orElseThrow(() -> new NotFoundException("slug", "no incident with slug '" + slug + "'"));
    }

    private static String slug(Context ctx) {
        return Incident.checkSlug(ctx.pathParam("slug"));
    }
}
