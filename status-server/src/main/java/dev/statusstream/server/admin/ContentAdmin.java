package dev.statusstream.server.admin;

import dev.statusstream.IncidentTemplate;
import dev.statusstream.NotFoundException;
import dev.statusstream.StatusStream;
import dev.statusstream.ValidationException;
import dev.statusstream.server.api.JsonReply;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin routes that read templates and the branding (the writes are {@link OperationRoute}s):
 * {@code GET templates} (paged by name), {@code GET templates/{name}}, {@code GET branding}.
 */
final class ContentAdmin {
    static final int DEFAULT_PAGE = 50;

    private final StatusStream status;

    ContentAdmin(StatusStream status) {
        this.status = status;
    }

    /**
     * {@code GET /api/admin/templates?after=NAME&limit=N}: templates by name, {@code limit} (1 to 200,
     * default 50) at a time; {@code next} is the {@code after} of the next page, null on the last one.
     */
    void templates(Context ctx) {
        String after = ctx.queryParam("after");
        if (after != null && !after.isEmpty()) {
            try {
                IncidentTemplate.checkName(after);
            } catch (ValidationException e) {
                throw new ValidationException("after", e.reason());
            }
        }
        int limit = limit(ctx.queryParam("limit"));
        long version = status.snapshot().version();
        // one more than asked, to know whether there is a next page
        List<IncidentTemplate> found = status.templates(after == null || after.isEmpty() ? null : after, limit + 1);
        List<IncidentTemplate> page = found.subList(0, Math.min(limit, found.size()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        body.put("templates", page);
        body.put("next", found.size() > limit ? page.getLast().name() : null);
        ctx.attribute(Replies.VERSION_ATTRIBUTE, version);
        JsonReply.send(ctx, 200, body);
    }

    /** {@code GET /api/admin/templates/{name}}. */
    void template(Context ctx) {
        String name = IncidentTemplate.checkName(ctx.pathParam("template"));
        long version = status.snapshot().version();
        Replies.send(ctx, 200, version, "template",
                status.template(name).orElseThrow(() -> new NotFoundException("name", "no template named '" + name + "'")));
    }

    /** {@code GET /api/admin/branding}: the branding readers see now. */
    void branding(Context ctx) {
        var snapshot = status.snapshot();
        Replies.send(ctx, 200, snapshot.version(), "branding", snapshot.branding());
    }

    private static int limit(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_PAGE;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit < StatusStream.MAX_TEMPLATES_PER_PAGE) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ValidationException("limit", "must be a whole number from 1 to " + (StatusStream.MAX_TEMPLATES_PER_PAGE - 1)
                + ", not '" + (value.length() > 20 ? value.substring(0, 20) + "..." : value) + "'");
    }
}
