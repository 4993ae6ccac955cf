package dev.statusstream.server.admin;

import dev.statusstream.NotFoundException;
import dev.statusstream.Role;
import dev.statusstream.StatusStream;
import dev.statusstream.Subscriber;
import dev.statusstream.ValidationException;
import dev.statusstream.server.api.JsonReply;
import dev.statusstream.server.security.BearerAuth;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin routes that read subscribers: a paged list and one by id (adding and removing are
 * {@link OperationRoute}s). Secrets are never shown here; a webhook's secret is in the reply that created it.
 * Only admins see targets in full: to other roles a mail address is hidden and a URL shows its host.
 */
final class SubscriberAdmin {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    private final StatusStream status;

    SubscriberAdmin(StatusStream status) {
        this.status = status;
    }

    /**
     * {@code GET /api/admin/subscribers?limit=N&after=ID}: in the order they were added, {@code next}
     * naming the {@code after} of the next page (null on the last).
     */
    void list(Context ctx) {
        int limit = limit(ctx.queryParam("limit"));
        String after = ctx.queryParam("after");
        if (after != null) {
            try {
                Subscriber.checkId(after);
            } catch (ValidationException e) {
                throw new ValidationException("after", e.reason());
            }
        }
        long version = status.snapshot().version();
        // one more than asked tells whether there is a next page
        List<Subscriber> page = status.subscribers(after, Math.min(MAX_LIMIT, limit + 1));
        boolean more = page.size() > limit;
        List<Subscriber> shown = more ? page.subList(0, limit) : page;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        body.put("subscribers", readable(ctx, shown));
        body.put("next", more ? shown.getLast().id() : null);
        ctx.attribute(Replies.VERSION_ATTRIBUTE, version);
        JsonReply.send(ctx, 200, body);
    }

    /** {@code GET /api/admin/subscribers/{subscriber}}. */
    void show(Context ctx) {
        String id = Subscriber.checkId(ctx.pathParam("subscriber"));
        Subscriber subscriber = status.subscriber(id)
                .orElseThrow(() -> new NotFoundException("id", "no subscriber with id '" + id + "'"));
        Replies.send(ctx, 200, status.snapshot().version(), "subscriber", readable(ctx, List.of(subscriber)).getFirst());
    }

    /** Admins see every target; other roles only a URL's host, and no mail address. */
    private static List<Subscriber> readable(Context ctx, List<Subscriber> subscribers) {
        Role role = ctx.attribute(BearerAuth.ROLE_ATTRIBUTE);
        return role != null && role.allows(Role.ADMIN) ? subscribers : subscribers.stream().map(Subscriber::withTargetHidden).toList();
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n < MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ValidationException("limit", "must be a whole number from 1 to " + (MAX_LIMIT - 1) + ", was '" + value + "'");
    }
}
