package dev.statusstream.server.console;

import dev.statusstream.Session;
import dev.statusstream.SignIn;
import dev.statusstream.server.page.Assets;
import io.javalin.http.Context;

/**
 * Signing in and out, and setting a password through a one-time link. The sign-in page is all a visitor
 * without a session sees. Thread-safe.
 */
final class SignInPages extends ConsolePages {
    SignInPages(ConsoleRenderer renderer) {
        super(renderer);
    }

    /** {@code GET /admin/signin}; signed in already, the overview. */
    void form(Context ctx) {
        if (auth.session(ctx).isPresent()) {
            ConsoleRenderer.back(ctx, "/admin");
            return;
        }
        renderer.render(ctx, 200, "console/signin.jte", new ConsoleViews.SignInPage(auth.formToken(ctx), null, Assets.VERSION));
    }

    /** {@code POST /admin/signin}: 303 to the overview, 401 with the form again, or 429 when throttled. */
    void signIn(Context ctx) {
        auth.checkForm(ctx, false);
        String name = Forms.optional(ctx, "name");
        String password = ctx.formParam("password");
        SignIn result = status.accounts().signIn(name == null ? "" : name, password == null ? "" : password, ctx.ip());
        switch (result.outcome()) {
            case SIGNED_IN -> {
                auth.setSession(ctx, result.secret());
                ConsoleRenderer.back(ctx, "/admin");
            }
            case REFUSED -> renderer.render(ctx, 401, "console/signin.jte", new ConsoleViews.SignInPage(auth.formToken(ctx),
                    "That name and password do not match.", Assets.VERSION));
            case THROTTLED -> {
                long seconds = Math.max(1, result.retryAfter().toSeconds());
                ctx.header("Retry-After", Long.toString(seconds));
                renderer.render(ctx, 429, "console/signin.jte", new ConsoleViews.SignInPage(auth.formToken(ctx),
                        "Too many failed attempts: try again in " + Math.max(1, (seconds + 59) / 60) + " minutes.", Assets.VERSION));
            }
        }
    }

    /** {@code POST /admin/signout}: this session only. */
    void signOut(Context ctx, Session session) {
        status.accounts().signOut(ctx.cookie(auth.sessionCookie(ctx)));
        auth.clearSession(ctx);
        ConsoleRenderer.back(ctx, "/admin/signin");
    }

    /** {@code POST /admin/signout-everywhere}: every session of this operator, on every device. */
    void signOutEverywhere(Context ctx, Session session) {
        status.accounts().signOutEverywhere(session.operator(), ctx.ip());
        auth.clearSession(ctx);
        ConsoleRenderer.back(ctx, "/admin/signin");
    }

    /** {@code GET /admin/welcome/{secret}}: the form to set a password, while the link is good. */
    void welcome(Context ctx) {
        String secret = ctx.pathParam("secret");
        String operator = status.accounts().linkOwner(secret).orElseThrow(() -> new dev.statusstream.NotFoundException("link",
                "this link was used already or has expired; ask an admin for a new one"));
        renderer.render(ctx, 200, "console/welcome.jte", new ConsoleViews.WelcomePage(operator, secret, auth.formToken(ctx), null,
                Assets.VERSION));
    }

    /** {@code POST /admin/welcome/{secret}}: sets the password, uses the link up, and signs in. */
    void setPassword(Context ctx) {
        auth.checkForm(ctx, false);
        String secret = ctx.pathParam("secret");
        String password = ctx.formParam("password");
        if (password == null || !password.equals(ctx.formParam("confirm"))) {
            String operator = status.accounts().linkOwner(secret).orElse("?");
            renderer.render(ctx, 400, "console/welcome.jte", new ConsoleViews.WelcomePage(operator, secret, auth.formToken(ctx),
                    "The two passwords differ.", Assets.VERSION));
            return;
        }
        var operator = status.accounts().setPassword(secret, password, ctx.ip());
        SignIn result = status.accounts().signIn(operator.name(), password, ctx.ip());
        if (result.outcome() == SignIn.Outcome.SIGNED_IN) {
            auth.setSession(ctx, result.secret());
        }
        ConsoleRenderer.back(ctx, "/admin");
    }
}
