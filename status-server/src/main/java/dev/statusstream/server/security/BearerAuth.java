package dev.statusstream.server.security;

import dev.statusstream.Accounts;
import dev.statusstream.Actor;
import dev.statusstream.ApiToken;
import dev.statusstream.Role;
import dev.statusstream.ValidationException;
import dev.statusstream.server.api.HttpError;
import dev.statusstream.server.api.RequestLog;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * The before-handler in front of the admin API: {@code Authorization: Bearer <token>} with one of the
 * configured bootstrap tokens (several at once, for rotation; each acts as an admin) or an active named
 * token (with its own role, its last use recorded). Without any bootstrap token and any active named
 * token, the admin API does not exist: 404. Configured tokens are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, against every configured token without stopping early, so neither the
 * token's length nor how much of it matched shows in the timing. A token in the URL is refused outright
 * (URLs end up in logs, proxies and browser history), even a valid one: under a name that usually
 * carries one ({@code token}, {@code key}, {@code auth}, ...), and a configured token under any name.
 * Nothing here logs a token.
 */
public final class BearerAuth implements Handler {
    private static final String CHALLENGE = "Bearer realm=\"statusstream-admin\"";
    /** Query parameters that carry tokens in other APIs; refused here so nobody learns to put one in a URL. */
    private static final Set<String> URL_TOKEN_NAMES = Set.of("token", "access_token", "api_key", "apikey", "authorization",
            "bearer", "auth", "key");

    /** The request attribute holding the {@link Actor} of an accepted token. */
    public static final String ACTOR_ATTRIBUTE = "statusstream.actor";

    /** The request attribute holding the {@link Role} of an accepted token. */
    public static final String ROLE_ATTRIBUTE = "statusstream.role";

    /**
     * The request attribute set (to {@code true}) once a request has shown a valid token: what is
     * audited comes from an operator, so nobody else can make the server write audit lines.
     */
    public static final String AUTHENTICATED = "statusstream.admin.authenticated";

    private final List<byte[]> digests;
    private final Accounts accounts;
    /** This API's own budget of refusal lines: another server in the same JVM does not spend it. */
    private final RequestLog log = new RequestLog(LoggerFactory.getLogger(BearerAuth.class));

    /**
     * @param tokens   the bootstrap tokens, possibly none
     * @param accounts where named tokens are looked up
     */
    public BearerAuth(List<String> tokens, Accounts accounts) {
        this.digests = tokens.stream().map(BearerAuth::sha256).toList();
        this.accounts = accounts;
    }

    @Override
    public void handle(Context ctx) {
        if (digests.isEmpty() && !accounts.anyActiveToken()) {
            throw new HttpError(404, "not found: " + ctx.path(), null);
        }
        refuseTokensInTheUrl(ctx);
        List<String> headers = Collections.list(ctx.req().getHeaders("Authorization"));
        if (headers.isEmpty()) {
            throw unauthorized(ctx, "no token", null, "this needs the header Authorization: Bearer <token>");
        }
        if (headers.size() > 1) {
            throw unauthorized(ctx, "several Authorization headers", "invalid_request", "send one Authorization header");
        }
        String header = headers.get(0).strip();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).equalsIgnoreCase("Bearer")) {
            throw unauthorized(ctx, "another scheme", "invalid_request",
                    "the Authorization scheme must be Bearer (Authorization: Bearer <token>)");
        }
        String presented = header.substring(space + 1).strip();
        byte[] digest = match(presented);
        if (digest != null) {
            ctx.attribute(AUTHENTICATED, true);
            ctx.attribute(ACTOR_ATTRIBUTE, actor(digest));
            ctx.attribute(ROLE_ATTRIBUTE, Role.ADMIN);
            return;
        }
        Optional<ApiToken> named = accounts.useToken(presented);
        if (named.isEmpty()) {
            throw unauthorized(ctx, "a wrong token", "invalid_token", "the token is not valid");
        }
        ctx.attribute(AUTHENTICATED, true);
        ctx.attribute(ACTOR_ATTRIBUTE, Actor.token(named.get().name()));
        ctx.attribute(ROLE_ATTRIBUTE, named.get().role());
    }

    /**
     * Refuses with 403 unless the request's token has at least {@code needed}.
     *
     * @throws HttpError 403 naming the role needed
     */
    public static void require(Context ctx, Role needed) {
        Role role = ctx.attribute(ROLE_ATTRIBUTE);
        if (role == null || !role.allows(needed)) {
            throw new HttpError(403, "this needs the role " + needed + " (this token is " + (role == null ? "none" : role) + ")",
                    "Authorization");
        }
    }

    /**
     * The actor a token writes as: tokens have no names of their own, so it is named by the first
     * eight hex digits of its SHA-256 digest, which tells rotated tokens apart without revealing them.
     */
    static Actor actor(byte[] digest) {
        return Actor.token("sha256-" + HexFormat.of().formatHex(digest, 0, 4));
    }

    /**
     * Refuses a request whose query names a token parameter, or carries a configured token under any
     * name (or as a name), so a token that leaked into a URL is reported rather than passed over. Every
     * name and value is compared with every token's digest, so the timing shows nothing either.
     */
    private void refuseTokensInTheUrl(Context ctx) {
        for (var parameter : ctx.queryParamMap().entrySet()) {
            String name = parameter.getKey();
            boolean leaked = URL_TOKEN_NAMES.contains(name.toLowerCase(Locale.ROOT));
            // the field is the parameter's name, unless that name is the token itself: the reply must not echo it
            String field = name;
            if (accepts(name.strip())) {
                leaked = true;
                field = "query";
            }
            for (String value : parameter.getValue()) {
                leaked |= accepts(value.strip());
            }
            if (leaked) {
                refuseQuietly(ctx, "a token in the URL");
                throw new ValidationException(field, "tokens are never accepted in a URL (URLs end up in logs and "
                        + "browser history); send the header Authorization: Bearer <token>, and treat this token as leaked");
            }
        }
    }

    /** True when {@code token} is one of the configured tokens; takes the same time whichever it is. */
    boolean accepts(String token) {
        return match(token) != null;
    }

    /** The digest of the configured token equal to {@code token}, or null; compares with every one. */
    private byte[] match(String token) {
        byte[] presented = sha256(token);
        byte[] match = null;
        for (byte[] digest : digests) {
            if (MessageDigest.isEqual(digest, presented)) {
                match = digest;
            }
        }
        return match;
    }

    private HttpError unauthorized(Context ctx, String what, String error, String message) {
        refuseQuietly(ctx, what);
        ctx.header("WWW-Authenticate", error == null ? CHALLENGE : CHALLENGE + ", error=\"" + error + "\"");
        return new HttpError(401, message, "Authorization");
    }

    private void refuseQuietly(Context ctx, String what) {
        log.warn("admin refusal", "admin API: refused {} {} from {}: {}", ctx.method().name(), ctx.path(), ctx.ip(), what);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
