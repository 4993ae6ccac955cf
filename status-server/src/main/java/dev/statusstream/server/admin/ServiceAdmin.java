package dev.statusstream.server.admin;

import dev.statusstream.NotFoundException;
import dev.statusstream.Service;
import dev.statusstream.Snapshot;
import dev.statusstream.StatusStream;
import io.javalin.http.Context;

/** The admin routes that read services: list and show (the writes are {@link OperationRoute}s). */
final class ServiceAdmin {
    private final StatusStream status;

    ServiceAdmin(StatusStream status) {
        this.status = status;
    }

    /** {@code GET /api/admin/services}: every service in page order. */
    void list(Context ctx) {
        Snapshot snapshot = status.snapshot();
        Replies.send(ctx, 200, snapshot.version(), "services", snapshot.services());
    }

    /** {@code GET /api/admin/services/{id}}. */
    void show(Context ctx) {
        String id = id(ctx);
        long version = status.snapshot().version();
        Service service = status.service(id).orElseThrow(() -> new NotFoundException("id", "no service with id '" + id + "'"));
        Replies.send(ctx, 200, version, "service", service);
    }

    private static String id(Context ctx) {
        return Service.checkId(ctx.pathParam("id"));
    }
}
