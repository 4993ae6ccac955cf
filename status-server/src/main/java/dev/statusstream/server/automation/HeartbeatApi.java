package dev.statusstream.server.automation;

import dev.statusstream.Monitor;
import dev.statusstream.StatusStream;
import dev.statusstream.server.api.HttpError;
import dev.statusstream.server.api.JsonReply;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST} or {@code GET /api/heartbeats/{token}}: a job's ping. The token in the path is the
 * credential (a cron job's {@code curl} has nothing else), so the route needs no other; an unknown token
 * is a 404 that says no more. Nothing here logs the token.
 */
public final class HeartbeatApi {
    private final StatusStream status;

    public HeartbeatApi(StatusStream status) {
        this.status = status;
    }

    public void ping(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        Monitor monitor = status.automation().ping(ctx.pathParam("token"))
                .orElseThrow(() -> new HttpError(404, "no heartbeat has this token", null));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("monitor", monitor.name());
        body.put("service", monitor.serviceId());
        body.put("paused", monitor.paused());
        JsonReply.send(ctx, 200, body);
    }
}
