package dev.statusstream.server.admin;

import dev.statusstream.Operation;
import dev.statusstream.OperationType;
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
 * The admin API's route table, behind {@link BearerAuth}. Without a bootstrap token and without an
 * active named token, {@code /api/admin/...} does not exist (404): it is never open.
 */
public final class AdminRoutes {
    private static final Logger log = LoggerFactory.getLogger(AdminRoutes.class);
    /** The request attribute holding a committed write's result, for after-handlers (the mail a subscription asks for). */
    public static final String RESULT_ATTRIBUTE = "statusstream.admin.result";

    private AdminRoutes() {
    }

    /**
     * Adds the admin routes under {@code prefix + "/api/admin"}.
     *
     * @param tokens the bootstrap bearer tokens (admins); may be empty when named tokens are used
     */
    public static void register(JavalinConfig javalin, StatusStream status, List<String> tokens, String prefix) {
        String language = status.config().defaultLanguage();
        var services = new ServiceAdmin(status);
        var incidents = new IncidentAdmin(status);
        var content = new ContentAdmin(status);
        var subscribers = new SubscriberAdmin(status);
        var accounts = new AccountAdmin(status);
        var monitors = new MonitorAdmin(status);
        String admin = prefix + "/api/admin";

        var auth = new BearerAuth(tokens, status.accounts());
        javalin.routes.before(admin + "/*", auth);
        javalin.routes.get(admin + "/services", services::list);
        javalin.routes.get(admin + "/services/{id}", services::show);
        javalin.routes.get(admin + "/incidents", incidents::list);
        javalin.routes.get(admin + "/incidents/{slug}", incidents::show);
        javalin.routes.get(admin + "/templates", content::templates);
        javalin.routes.get(admin + "/templates/{template}", content::template);
        javalin.routes.get(admin + "/branding", content::branding);
        javalin.routes.get(admin + "/subscribers", subscribers::list);
        javalin.routes.get(admin + "/subscribers/{subscriber}", subscribers::show);
        javalin.routes.get(admin + "/audit", accounts::audit);
        javalin.routes.get(admin + "/tokens", accounts::tokens);
        javalin.routes.get(admin + "/operators", accounts::operators);
        javalin.routes.get(admin + "/monitors", monitors::list);
        javalin.routes.get(admin + "/monitors/{monitor}", monitors::show);
        // every write: its method and path come with its operation type (AddService, SetStatus, ...)
        for (OperationType<?> type : Operation.types()) {
            javalin.routes.addHttpHandler(HandlerType.findOrCreate(type.method()), admin + type.path(),
                    new OperationRoute<>(status, type, language, admin));
        }
        // monitoring tools' webhooks, with the same bearer tokens
        for (String source : List.of("alertmanager", "grafana")) {
            String path = prefix + "/api/integrations/" + source;
            javalin.routes.before(path, auth);
            javalin.routes.post(path, new AlertIntake(status, source)::receive);
        }
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
        Object actor = ctx.attribute(BearerAuth.ACTOR_ATTRIBUTE);
        log.info("admin API: {} {} from {} -> {}{}{}", RequestLog.quote(ctx.method().name()), RequestLog.quote(ctx.path()),
                RequestLog.quote(ctx.ip()), ctx.statusCode(), version == null ? "" : " (version " + version + ")",
                actor == null ? "" : " by " + actor);
    }
}
