package dev.statusstream.server.admin;

import dev.statusstream.Actor;
import dev.statusstream.Change;
import dev.statusstream.Operation;
import dev.statusstream.OperationType;
import dev.statusstream.StatusStream;
import dev.statusstream.server.security.BearerAuth;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * The admin route of one kind of write: reads the operation from the path and body, executes it as
 * the caller's token, and replies with the version and the result. Every write route is one of these.
 */
final class OperationRoute<T> implements Handler {
    private final StatusStream status;
    private final OperationType<T> type;
    private final String defaultLanguage;
    private final String adminPath;

    OperationRoute(StatusStream status, OperationType<T> type, String defaultLanguage, String adminPath) {
        this.status = status;
        this.type = type;
        this.defaultLanguage = defaultLanguage;
        this.adminPath = adminPath;
    }

    @Override
    public void handle(Context ctx) {
        BearerAuth.require(ctx, type.role());
        Operation<T> operation = type.read(ctx::pathParam, () -> RequestBody.read(ctx), defaultLanguage);
        Actor actor = ctx.attribute(BearerAuth.ACTOR_ATTRIBUTE);
        Change<T> change = status.execute(operation, actor, ctx.ip());
        type.location(change.value()).ifPresent(path -> ctx.header("Location", adminPath + path));
        Replies.change(ctx, type.replyStatus(), type.replyKey(), change);
    }
}
