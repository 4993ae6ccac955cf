package dev.statusstream.server.admin;

import dev.statusstream.Incident;
import dev.statusstream.IncidentKind;
import dev.statusstream.IncidentPatch;
import dev.statusstream.IncidentState;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.NotFoundException;
import dev.statusstream.Snapshot;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.ValidationException;
import io.javalin.http.Context;

/**
 * The admin routes for incidents and maintenance: list, show, open or schedule, edit (including
 * moving a maintenance window), post updates, resolve.
 */
final class IncidentAdmin {
    private static final String[] EDITABLE = {"title", "impact", "services", "description", "cause", "externalLink",
        "estimatedResolveDate", "scheduledFor", "scheduledUntil"};

    private final StatusStream status;
    private final String defaultLanguage;
    private final String prefix;

    IncidentAdmin(StatusStream status, String defaultLanguage, String prefix) {
        this.status = status;
        this.defaultLanguage = defaultLanguage;
        this.prefix = prefix;
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

    /**
     * {@code POST /api/admin/incidents} {"title","impact","services","body"?,"kind"?,"scheduledFor"?,
     * "scheduledUntil"?, ...}; a maintenance's impact defaults to {@code maintenance}.
     */
    void open(Context ctx) {
        JsonBody body = JsonBody.read(ctx, defaultLanguage, true, "title", "impact", "services", "body", "kind", "slug",
                "scheduledFor", "scheduledUntil", "description", "cause", "externalLink", "estimatedResolveDate");
        IncidentKind kind = body.parsed("kind", IncidentKind::parse);
        Status impact = body.parsed("impact", Status::parse);
        if (impact == null && kind == IncidentKind.MAINTENANCE) {
            impact = Status.MAINTENANCE;
        }
        if (impact == null) {
            throw new ValidationException("impact", "is required (degraded, outage, maintenance, operational or unknown)");
        }
        LocalizedText cause = body.text("cause");
        var incident = new NewIncident(ServiceAdmin.required(body.text("title"), "title"), impact, body.strings("services"),
                body.text("body"), kind, body.string("slug"), body.instant("scheduledFor"), body.instant("scheduledUntil"),
                body.text("description"), cause == null || cause.isEmpty() ? null : cause, body.string("externalLink"),
                body.instant("estimatedResolveDate"));
        var change = status.openIncident(incident);
        ctx.header("Location", prefix + "/api/admin/incidents/" + change.value().slug());
        Replies.change(ctx, 201, "incident", change);
    }

    /**
     * {@code PATCH /api/admin/incidents/{slug}}: any of the editable fields, without posting an update;
     * null removes description, cause and externalLink.
     */
    void edit(Context ctx) {
        String slug = slug(ctx);
        JsonBody body = JsonBody.read(ctx, defaultLanguage, true, EDITABLE);
        for (String field : new String[] {"title", "impact", "services", "estimatedResolveDate", "scheduledFor", "scheduledUntil"}) {
            if (body.isNull(field)) {
                throw new ValidationException(field, "cannot be removed; give a new value");
            }
        }
        var patch = new IncidentPatch(body.text("title"), body.parsed("impact", Status::parse), body.strings("services"),
                body.text("description"), body.text("cause"), body.isNull("externalLink") ? "" : body.string("externalLink"),
                body.instant("estimatedResolveDate"), body.instant("scheduledFor"), body.instant("scheduledUntil"));
        Replies.change(ctx, 200, "incident", status.editIncident(slug, patch));
    }

    /** {@code POST /api/admin/incidents/{slug}/updates} {"state","body"}. */
    void postUpdate(Context ctx) {
        String slug = slug(ctx);
        JsonBody body = JsonBody.read(ctx, defaultLanguage, true, "state", "body");
        IncidentState state = body.parsed("state", IncidentState::parse);
        if (state == null) {
            throw new ValidationException("state", "is required");
        }
        Replies.change(ctx, 201, "incident", status.updateIncident(slug, state, body.text("body")));
    }

    /** {@code POST /api/admin/incidents/{slug}/resolve} {"body"?}: resolves an incident, completes a maintenance. */
    void resolve(Context ctx) {
        String slug = slug(ctx);
        JsonBody body = JsonBody.read(ctx, defaultLanguage, false, "body");
        Replies.change(ctx, 200, "incident", status.resolveIncident(slug, body.text("body")));
    }

    private Incident find(String slug) {
        return status.incident(slug).orElseThrow(() -> new NotFoundException("slug", "no incident with slug '" + slug + "'"));
    }

    private static String slug(Context ctx) {
        return Incident.checkSlug(ctx.pathParam("slug"));
    }
}
