package dev.statusstream.server.admin;

import dev.statusstream.AlertReceipt;
import dev.statusstream.Role;
import dev.statusstream.StatusStream;
import dev.statusstream.ValidationException;
import dev.statusstream.server.api.RequestLog;
import dev.statusstream.server.security.BearerAuth;
import io.javalin.http.Context;

/**
 * {@code POST /api/integrations/alertmanager} and {@code /grafana}: a monitoring tool's webhook, behind
 * the admin API's bearer token (configure it as the tool's bearer credentials). Replies 200 with what
 * was applied and what was left aside, so a batch with one alert about an unknown service is not
 * retried for ever; a body that is not such a payload is a 400.
 */
final class AlertIntake {
    /** Alertmanager and Grafana batch alerts: a thousand alerts with labels and annotations fit. */
    static final int MAX_BYTES = 1 << 20;
    private final StatusStream status;
    private final String source;

    AlertIntake(StatusStream status, String source) {
        this.status = status;
        this.source = source;
    }

    /** {@code ?openIncidents=true}: set in the tool's webhook URL, so each integration chooses; off by default. */
    private static boolean openIncidents(Context ctx) {
        String value = ctx.queryParam("openIncidents");
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new ValidationException("openIncidents", "must be true or false, not '" + RequestLog.quote(value) + "'");
    }

    void receive(Context ctx) {
        // an alert changes statuses: a responder's (or an admin's) token, never a viewer's
        BearerAuth.require(ctx, Role.RESPONDER);
        AlertReceipt receipt = status.automation().receiveAlerts(source, RequestBody.read(ctx, MAX_BYTES), openIncidents(ctx));
        Replies.send(ctx, 200, status.snapshot().version(), "alerts", receipt);
    }
}
