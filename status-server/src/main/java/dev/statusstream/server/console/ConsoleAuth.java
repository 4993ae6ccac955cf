package dev.statusstream.server.console;

import dev.statusstream.Role;
import dev.statusstream.Session;
import dev.statusstream.StatusStream;
import dev.statusstream.server.api.HttpError;
import dev.statusstream.server.security.TrustedProxies;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Who is at the console: the session cookie ({@code __Host-} prefixed and {@code Secure} over HTTPS, also
 * behind a trusted proxy's {@code X-Forwarded-Proto}; always {@code HttpOnly} and {@code SameSite=Strict}),
 * and the checks every form passes: a same-origin {@code Origin} (or {@code Sec-Fetch-Site}) and the
 * session's anti-forgery token, or before sign-in a token doubled in a cookie. Thread-safe.
 */
final class ConsoleAuth {
    static final String SESSION_ATTRIBUTE = "statusstream.console.session";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final StatusStream status;
    private final TrustedProxies proxies;

    ConsoleAuth(StatusStream status, TrustedProxies proxies) {
        this.status = status;
        this.proxies = proxies;
    }

    boolean https(Context ctx) {
        return proxies.https(ctx.req());
    }

    String sessionCookie(Context ctx) {
        return https(ctx) ? "__Host-statusstream-session" : "statusstream-session";
    }

    String formCookie(Context ctx) {
        return https(ctx) ? "__Host-statusstream-form" : "statusstream-form";
    }

    /** The request's session, looked up once. */
    Optional<Session> session(Context ctx) {
        Session known = ctx.attribute(SESSION_ATTRIBUTE);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Session> session = status.accounts().session(ctx.cookie(sessionCookie(ctx)));
        session.ifPresent(s -> ctx.attribute(SESSION_ATTRIBUTE, s));
        return session;
    }

    /**
     * The session; without one, a GET is redirected to the sign-in page (and null returned: the handler
     * stops), anything else is refused with 401.
     */
    Session require(Context ctx) {
        Optional<Session> session = session(ctx);
        if (session.isPresent()) {
            return session.get();
        }
        if (HandlerType.GET.equals(ctx.method()) || HandlerType.HEAD.equals(ctx.method())) {
            ctx.redirect(ctx.contextPath() + "/admin/signin", io.javalin.http.HttpStatus.SEE_OTHER);
            return null;
        }
        throw new HttpError(401, "sign in first: your session has ended", "session");
    }

    /** Refuses with 403 unless the session's role allows {@code needed}. */
    static void requireRole(Session session, Role needed) {
        if (!session.role().allows(needed)) {
            throw new HttpError(403, "this needs the role " + needed + "; you are " + session.role(), "role");
        }
    }

    void setSession(Context ctx, String secret) {
        setCookie(ctx, sessionCookie(ctx), secret);
    }

    void clearSession(Context ctx) {
        ctx.res().addHeader("Set-Cookie", sessionCookie(ctx) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
                + (https(ctx) ? "; Secure" : ""));
    }

    private void setCookie(Context ctx, String name, String value) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + (https(ctx) ? "; Secure" : ""));
    }

    /** The anti-forgery token of a form shown before sign-in, doubled in a cookie. */
    String formToken(Context ctx) {
        String existing = ctx.cookie(formCookie(ctx));
        if (existing != null && existing.matches("[A-Za-z0-9_-]{43}")) {
            return existing;
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        setCookie(ctx, formCookie(ctx), token);
        return token;
    }

    /**
     * Every POST: from this origin, and carrying the anti-forgery token (the session's, or before sign-in the
     * one doubled in a cookie).
     *
     * @return the session when {@code signedIn}, else null
     */
    Session checkForm(Context ctx, boolean signedIn) {
        checkOrigin(ctx);
        String sent = ctx.formParam("csrf");
        Session session = signedIn ? require(ctx) : null;
        String expected = signedIn ? session.csrf() : ctx.cookie(formCookie(ctx));
        if (sent == null || expected == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            throw new HttpError(403, "this form has expired or did not come from this console: reload the page and try again",
                    "csrf");
        }
        return session;
    }

    private void checkOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null) {
            String own = (https(ctx) ? "https://" : "http://") + ctx.host();
            if (!origin.equalsIgnoreCase(own)) {
                throw new HttpError(403, "forms are accepted only from this console's own origin", "Origin");
            }
            return;
        }
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new HttpError(403, "forms are accepted only from this console's own origin", "Sec-Fetch-Site");
        }
    }
}
