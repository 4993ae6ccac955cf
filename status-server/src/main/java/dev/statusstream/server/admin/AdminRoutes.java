package dev.statusstream.server.admin;

import dev.statusstream.Publication;
import dev.statusstream.StatusStream;
import dev.statusstream.server.api.RequestLog;
import dev.statusstream.server.security.BearerAuth;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's route table, behind {@link BearerAuth}. Registered only when at least one token is
 * configured: without one, {@code /api/admin/...} does not exist (404), it is never open.
 */
public final class AdminRoutes {
    private static final Logger log = LoggerFactory.getLogger(AdminRoutes.class);

    private AdminRoutes() {
    }

    /**
     * Adds the admin routes under {@code prefix + "/api/admin"}.
     *
     * @param tokens the accepted bearer tokens; must not be empty
     */
    public static void register(JavalinConfig javalin, StatusStream status, List<String> tokens, String prefix) {
        String language = status.config().defaultLanguage();
        var services = new ServiceAdmin(status, language, prefix);
        var incidents = new IncidentAdmin(status, language, prefix);
        String admin = prefix + "/api/admin";

        javalin.routes.before(admin + "/*", new BearerAuth(tokens));
        javalin.routes.get(admin + "/services", services::list);
        javalin.routes.post(admin + "/services", services::add);
        javalin.routes.put(admin + "/services/order", services::reorder);
        javalin.routes.get(admin + "/services/{id}", services::show);
        javalin.routes.patch(admin + "/services/{id}", services::edit);
        javalin.routes.delete(admin + "/services/{id}", services::delete);
        javalin.routes.put(admin + "/services/{id}/status", services::setStatus);
        javalin.routes.get(admin + "/incidents", incidents::list);
        javalin.routes.post(admin + "/incidents", incidents::open);
        javalin.routes.get(admin + "/incidents/{slug}", incidents::show);
        javalin.routes.patch(admin + "/incidents/{slug}", incidents::edit);
        javalin.routes.post(admin + "/incidents/{slug}/updates", incidents::postUpdate);
        javalin.routes.post(admin + "/incidents/{slug}/resolve", incidents::resolve);
        javalin.routes.post(admin + "/publish", ctx -> {
            JsonBody.read(ctx, language, false); // it takes no field: any is a mistake, as on every other route
            Publication publication = status.publish();
            Replies.send(ctx, 200, publication.version(), "publication", publication);
        });
        // what a client needs to write as this deployment does: plain texts are in its default language
        javalin.routes.get(admin + "/settings", ctx -> Replies.send(ctx, 200, status.snapshot().version(), "settings",
                Map.of("defaultLanguage", language)));
        javalin.routes.after(admin + "/*", AdminRoutes::audit);
    }

    /**
     * Every admin write with a valid token, accepted or not, in the log: who, what, the outcome, the
     * values escaped. Never a header or a body.
     */
    private static void audit(Context ctx) {
        // a request without a valid token was refused, and logged (throttled), by BearerAuth
        if (HandlerType.GET.equals(ctx.method()) || !Boolean.TRUE.equals(ctx.attribute(BearerAuth.AUTHENTICATED))) {
            return;
        }
        Long version = ctx.attribute(Replies.VERSION_ATTRIBUTE);
        log.info("admin API: {} {} from {} -> {}{}", RequestLog.quote(ctx.method().name()), RequestLog.quote(ctx.path()),
                RequestLog.quote(ctx.ip()), ctx.statusCode(),
                version == null ? "" : " (version " + version + ")");
    }
}
