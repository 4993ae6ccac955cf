package dev.statusstream.server.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statusstream.Change;
import dev.statusstream.Service;
import dev.statusstream.internal.Json;
import dev.statusstream.server.api.JsonReply;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Admin replies: a JSON object with the {@code version} first and then the resource, e.g.
 * {@code {"version": 42, "service": {...}}}. The version is kept on the request for the audit log.
 */
final class Replies {
    static final String VERSION_ATTRIBUTE = "statusstream.version";

    private Replies() {
    }

    static void send(Context ctx, int status, long version, String key, Object value) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        if (key != null) {
            body.put(key, value instanceof Service service ? withPosition(service) : value);
        }
        ctx.attribute(VERSION_ATTRIBUTE, version);
        JsonReply.send(ctx, status, body);
    }

    static void change(Context ctx, int status, String key, Change<?> change) {
        send(ctx, status, change.version(), key, change.value());
    }

    /** The wire form of a service plus its stored sort key, which the page's JSON leaves out. */
    static ObjectNode withPosition(Service service) {
        ObjectNode node = Json.mapper().valueToTree(service);
        node.put("position", service.position());
        return node;
    }
}
