package dev.statusstream.server.api;

import dev.statusstream.internal.Json;
import io.javalin.http.Context;

/**
 * Writes a JSON reply with StatusStream's own mapper (ISO-8601 UTC timestamps), never the
 * application's: a host that mounts the status routes keeps whatever JSON mapper it configured, and
 * our wire format must not change with it. Stateless.
 */
public final class JsonReply {
    private static final String CONTENT_TYPE = "application/json";

    private JsonReply() {
    }

    /** Sets the status and writes {@code body} as JSON. */
    public static void send(Context ctx, int status, Object body) {
        ctx.status(status).contentType(CONTENT_TYPE).result(Json.write(body));
    }

    /** Writes {@code body} as JSON with the status already set (200 unless changed). */
    public static void send(Context ctx, Object body) {
        ctx.contentType(CONTENT_TYPE).result(Json.write(body));
    }
}
