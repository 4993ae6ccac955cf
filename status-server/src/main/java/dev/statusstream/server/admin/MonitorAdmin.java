package dev.statusstream.server.admin;

import dev.statusstream.Monitor;
import dev.statusstream.NotFoundException;
import dev.statusstream.StatusStream;
import dev.statusstream.ValidationException;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The admin routes that read monitors: a paged list and one monitor (the writes are {@link OperationRoute}s). */
final class MonitorAdmin {
    private static final int DEFAULT_LIMIT = 100;
    private final StatusStream status;

    MonitorAdmin(StatusStream status) {
        this.status = status;
    }

    /** {@code GET /api/admin/monitors?service=&after=&limit=}: in name order; {@code next} is the next page's {@code after}. */
    void list(Context ctx) {
        int limit = limit(ctx.queryParam("limit"));
        List<Monitor> page = status.automation().monitors(ctx.queryParam("service"), ctx.queryParam("after"), limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("monitors", page);
        body.put("next", page.size() == limit ? page.getLast().name() : null);
        Replies.send(ctx, 200, status.snapshot().version(), "page", body);
    }

    /** {@code GET /api/admin/monitors/{monitor}}. */
    void show(Context ctx) {
        String name = Monitor.checkName(ctx.pathParam("monitor"));
        Monitor monitor = status.automation().monitor(name)
                .orElseThrow(() -> new NotFoundException("name", "no monitor named '" + name + "'"));
        Replies.send(ctx, 200, status.snapshot().version(), "monitor", monitor);
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= 500) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ValidationException("limit", "must be a whole number from 1 to 500, not '" + value + "'");
    }
}
