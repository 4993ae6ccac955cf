package dev.statusstream.server.admin;

import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.NotFoundException;
import dev.statusstream.Service;
import dev.statusstream.ServicePatch;
import dev.statusstream.Snapshot;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.ValidationException;
import io.javalin.http.Context;

/** The admin routes for services: list, show, add, change, delete, reorder, set the status. */
final class ServiceAdmin {
    private static final int MAX_POSITION = 1_000_000;

    private final StatusStream status;
    private final String defaultLanguage;
    private final String prefix;

    ServiceAdmin(StatusStream status, String defaultLanguage, String prefix) {
        this.status = status;
        this.defaultLanguage = defaultLanguage;
        this.prefix = prefix;
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

    /** {@code POST /api/admin/services} {"id","label","category"?,"description"?,"position"?}. */
    void add(Context ctx) {
        JsonBody body = JsonBody.read(ctx, defaultLanguage, true, "id", "label", "category", "description", "position");
        var service = new NewService(body.requiredString("id"), required(body.text("label"), "label"), body.string("category"),
                body.text("description"), body.integer("position", 0, MAX_POSITION));
        var change = status.addService(service);
        ctx.header("Location", prefix + "/api/admin/services/" + change.value().id());
        Replies.change(ctx, 201, "service", change);
    }

    /** {@code PATCH /api/admin/services/{id}}: any of label, category, description, position; null removes. */
    void edit(Context ctx) {
        String id = id(ctx);
        JsonBody body = JsonBody.read(ctx, defaultLanguage, true, "label", "category", "description", "position");
        if (body.isNull("label")) {
            throw new ValidationException("label", "cannot be removed; a service always has a label");
        }
        if (body.isNull("position")) {
            throw new ValidationException("position", "cannot be removed; give a number");
        }
        var patch = new ServicePatch(body.text("label"), body.isNull("category") ? "" : body.string("category"),
                body.text("description"), body.integer("position", 0, MAX_POSITION));
        Replies.change(ctx, 200, "service", status.updateService(id, patch));
    }

    /** {@code DELETE /api/admin/services/{id}}: the service and its history; replies with what was deleted. */
    void delete(Context ctx) {
        Replies.change(ctx, 200, "service", status.deleteService(id(ctx)));
    }

    /** {@code PUT /api/admin/services/{id}/status} {"status","summary"?}. */
    void setStatus(Context ctx) {
        String id = id(ctx);
        JsonBody body = JsonBody.read(ctx, defaultLanguage, true, "status", "summary");
        Status value = body.parsed("status", Status::parse);
        if (value == null) {
            throw new ValidationException("status", "is required (operational, degraded, outage, maintenance or unknown)");
        }
        Replies.change(ctx, 200, "service", status.setStatus(id, value, body.text("summary")));
    }

    /** {@code PUT /api/admin/services/order} {"ids": [...]}: those first, in that order; the rest keep theirs. */
    void reorder(Context ctx) {
        JsonBody body = JsonBody.read(ctx, defaultLanguage, true, "ids");
        var ids = body.strings("ids");
        if (ids == null) {
            throw new ValidationException("ids", "is required: the service ids in their new order");
        }
        Replies.change(ctx, 200, "services", status.reorderServices(ids));
    }

    private static String id(Context ctx) {
        return Service.checkId(ctx.pathParam("id"));
    }

    static LocalizedText required(LocalizedText text, String field) {
        if (text == null || text.isEmpty()) {
            throw new ValidationException(field, "is required");
        }
        return text;
    }
}
