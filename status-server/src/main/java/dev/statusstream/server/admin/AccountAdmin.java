package dev.statusstream.server.admin;

import dev.statusstream.AuditPage;
import dev.statusstream.AuditQuery;
import dev.statusstream.Role;
import dev.statusstream.StatusStream;
import dev.statusstream.ValidationException;
import dev.statusstream.server.api.JsonReply;
import dev.statusstream.server.security.BearerAuth;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The admin routes that read accounts and the audit log: {@code GET /audit} (any role), {@code GET /tokens}
 * and {@code GET /operators} (admins). Their writes are {@link OperationRoute}s.
 */
final class AccountAdmin {
    private static final int DEFAULT_LIMIT = 50;
    private final StatusStream status;

    AccountAdmin(StatusStream status) {
        this.status = status;
    }

    /** {@code GET /api/admin/audit?actor=&target=&before=&limit=}: newest first, {@code next} is the next page's cursor. */
    void audit(Context ctx) {
        BearerAuth.require(ctx, Role.VIEWER);
        AuditPage page = status.accounts().audit(new AuditQuery(ctx.queryParam("actor"), ctx.queryParam("target"),
                number(ctx, "before"), limit(ctx, AuditQuery.MAX_LIMIT)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entries", page.entries());
        body.put("next", page.next());
        JsonReply.send(ctx, 200, body);
    }

    /** {@code GET /api/admin/tokens?after=&limit=}: by name, revoked ones too, never a token itself. */
    void tokens(Context ctx) {
        BearerAuth.require(ctx, Role.ADMIN);
        var tokens = status.accounts().tokens(after(ctx), limit(ctx, dev.statusstream.Accounts.MAX_PAGE));
        JsonReply.send(ctx, 200, Map.of("tokens", tokens));
    }

    /** {@code GET /api/admin/operators?after=&limit=}: by name. */
    void operators(Context ctx) {
        BearerAuth.require(ctx, Role.ADMIN);
        var operators = status.accounts().operators(after(ctx), limit(ctx, dev.statusstream.Accounts.MAX_PAGE));
        JsonReply.send(ctx, 200, Map.of("operators", operators));
    }

    private static String after(Context ctx) {
        String after = ctx.queryParam("after");
        if (after != null && after.length() > 64) {
            throw new ValidationException("after", "is longer than 64 characters");
        }
        return after;
    }

    private static int limit(Context ctx, int max) {
        Long limit = number(ctx, "limit");
        if (limit == null) {
            return Math.min(DEFAULT_LIMIT, max);
        }
        if (limit < 1 || limit > max) {
            throw new ValidationException("limit", "must be from 1 to " + max + ", was " + limit);
        }
        return limit.intValue();
    }

    private static Long number(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!value.matches("[0-9]{1,18}")) {
            throw new ValidationException(name, "must be a whole number, was '" + (value.length() > 30 ? value.substring(0, 30) + "..." : value) + "'");
        }
        return Long.parseLong(value);
    }
}
