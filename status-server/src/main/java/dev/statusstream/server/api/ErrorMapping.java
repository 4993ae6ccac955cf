package dev.statusstream.server.api;

import dev.statusstream.ConflictException;
import dev.statusstream.NotFoundException;
import dev.statusstream.StatusException;
import dev.statusstream.UnavailableException;
import dev.statusstream.ValidationException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: a JSON body {@code {"error": "...", "field": "..."}}
 * (written with our own mapper, whatever the application's is) with 400 (invalid input), 404, 409, 503
 * (PostgreSQL or Redis unavailable), or the status of an {@link HttpError} (401, 403, 413, 415, 429,
 * 503 ...), whose {@code "field"} detail names the field. Input errors are not logged; a failure of
 * ours (500) is, with its stack trace, through a {@link RequestLog}, so a client repeating a request
 * that fails cannot fill the log.
 */
public final class ErrorMapping {

    private ErrorMapping() {
    }

    /**
     * StatusStream's own exceptions and HTTP refusals. Installed wherever the status routes are,
     * including a host application that mounts them (see {@link #registerFallbacks}).
     */
    public static void register(JavalinConfig config) {
        // failures are logged with the path only (never the query, which a client writes), escaped and throttled
        var log = new RequestLog(LoggerFactory.getLogger(ErrorMapping.class));
        config.routes.exception(HttpError.class, (e, ctx) -> reply(ctx, e.getStatus(), e.getMessage(), e.field()));
        config.routes.exception(ValidationException.class, (e, ctx) -> reply(ctx, 400, e.getMessage(), e.field()));
        config.routes.exception(NotFoundException.class, (e, ctx) -> reply(ctx, 404, e.getMessage(), e.field()));
        config.routes.exception(ConflictException.class, (e, ctx) -> reply(ctx, 409, e.getMessage(), e.field()));
        config.routes.exception(UnavailableException.class, (e, ctx) -> {
            log.warn("unavailable", "{} {} failed: {}", ctx.method().name(), ctx.path(), e.getMessage());
            ctx.header("Retry-After", "5");
            reply(ctx, 503, e.getMessage(), null);
        });
        config.routes.exception(StatusException.class, (e, ctx) -> {
            log.error("failed", e, "{} {} failed", ctx.method().name(), ctx.path());
            // the details (a PostgreSQL message, say) are for the log, not for whoever sent the request
            reply(ctx, 500, "internal error (details in the server's log)", null);
        });
    }

    /**
     * Every other failure, for an application that is all ours (the standalone server); a host
     * application that mounts the status routes keeps its own handling of these.
     */
    public static void registerFallbacks(JavalinConfig config) {
        var log = new RequestLog(LoggerFactory.getLogger(ErrorMapping.class));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> reply(ctx, e.getStatus(), e.getMessage(), e.getDetails().get("field")));
        config.routes.exception(Exception.class, (e, ctx) -> {
            log.error("failed", e, "{} {} failed", ctx.method().name(), ctx.path());
            reply(ctx, 500, "internal error (details in the server's log)", null);
        });
    }

    private static void reply(Context ctx, int status, String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (field != null) {
            body.put("field", field);
        }
        JsonReply.send(ctx, status, body);
    }
}
