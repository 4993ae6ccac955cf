package dev.statusstream.server.console;

import dev.statusstream.Change;
import dev.statusstream.ConflictException;
import dev.statusstream.NotFoundException;
import dev.statusstream.Operation;
import dev.statusstream.Session;
import dev.statusstream.StatusException;
import dev.statusstream.StatusStream;
import dev.statusstream.UnavailableException;
import dev.statusstream.ValidationException;
import dev.statusstream.server.api.HttpError;
import dev.statusstream.server.page.Assets;
import dev.statusstream.server.page.PageController;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.util.Map;

/**
 * Renders console pages with the public page's Content-Security-Policy (nothing inline, nothing from
 * elsewhere), never cached, never framed, sending a Referer only to this origin (with {@code no-referrer}
 * browsers send {@code Origin: null} on the console's own forms, which the origin check must refuse); runs a form's operation as the signed-in
 * operator; and turns a refusal into a console page that says what was wrong. Thread-safe.
 */
final class ConsoleRenderer {
    private final StatusStream status;
    private final TemplateEngine templates;
    private final ConsoleAuth auth;

    ConsoleRenderer(StatusStream status, TemplateEngine templates, ConsoleAuth auth) {
        this.status = status;
        this.templates = templates;
        this.auth = auth;
    }

    TemplateEngine templates() {
        return templates;
    }

    StatusStream status() {
        return status;
    }

    ConsoleAuth auth() {
        return auth;
    }

    /** A handler of a signed-in operator's request. */
    @FunctionalInterface
    interface SignedIn {
        void handle(Context ctx, Session session) throws Exception;
    }

    /** A page for signed-in operators: without a session, a GET goes to the sign-in page. */
    Handler page(SignedIn handler) {
        return html(ctx -> {
            Session session = auth.require(ctx);
            if (session != null) {
                handler.handle(ctx, session);
            }
        });
    }

    /** A form of a signed-in operator: from this console's origin, with the session's anti-forgery token. */
    Handler form(SignedIn handler) {
        return html(ctx -> handler.handle(ctx, auth.checkForm(ctx, true)));
    }

    void render(Context ctx, int code, String template, Object page) {
        var output = new StringOutput();
        templates.render(template, Map.of("page", page), output);
        ctx.status(code).header("Cache-Control", "no-store").header("Content-Security-Policy", PageController.CONTENT_SECURITY_POLICY)
                .header("Referrer-Policy", "same-origin").header("X-Frame-Options", "DENY").html(output.toString());
    }

    ConsoleViews.Frame frame(Session session, String title, String section) {
        return new ConsoleViews.Frame(title, section, session.operator(), session.role().wireName(), session.csrf(),
                session.role().allows(dev.statusstream.Role.RESPONDER), session.role().allows(dev.statusstream.Role.ADMIN),
                Assets.VERSION, status.snapshot().version(), status.config().defaultLanguage());
    }

    /** Runs {@code operation} as the session's operator, after checking their role; the address goes to the audit log. */
    <T> Change<T> execute(Context ctx, Session session, Operation<T> operation) {
        ConsoleAuth.requireRole(session, operation.type().role());
        return status.execute(operation, session.actor(), ctx.ip());
    }

    /** After a form: back to a page with GET, so that reloading does not send it again. */
    static void back(Context ctx, String path) {
        ctx.redirect(ctx.contextPath() + path, HttpStatus.SEE_OTHER);
    }

    /** {@code handler}, with refusals shown as a console page with their HTTP status. */
    Handler html(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (HttpError e) {
                if (e.getStatus() == 401) {
                    auth.clearSession(ctx);
                }
                problem(ctx, e.getStatus(), e.getMessage());
            } catch (ValidationException e) {
                problem(ctx, 400, e.getMessage());
            } catch (NotFoundException e) {
                problem(ctx, 404, e.getMessage());
            } catch (ConflictException e) {
                problem(ctx, 409, e.getMessage());
            } catch (UnavailableException e) {
                problem(ctx, 503, "the database is unavailable; try again in a moment");
            } catch (StatusException e) {
                problem(ctx, 500, "the change failed: " + e.getMessage());
            }
        };
    }

    private void problem(Context ctx, int code, String message) {
        Session session = auth.session(ctx).orElse(null);
        ConsoleViews.Frame frame = session == null ? null : frame(session, "Problem", "");
        render(ctx, code, "console/problem.jte", new ConsoleViews.Problem(frame, code, message, Assets.VERSION));
    }
}
