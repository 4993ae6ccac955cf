package dev.statusstream.server.console;

import dev.statusstream.AddSubscriber;
import dev.statusstream.Role;
import dev.statusstream.Session;
import dev.statusstream.Subscriber;
import dev.statusstream.SubscriberKind;
import dev.statusstream.RemoveSubscriber;
import io.javalin.http.Context;
import java.util.List;

/**
 * Subscribers: a page of them for everyone, with targets in full only for admins (a mail address is
 * personal data, a chat hook's URL its credential); admins add webhook, Slack and Discord subscribers and
 * remove any, mail addresses included. A webhook's signing secret is shown once, on the page that answers
 * the form. Thread-safe.
 */
final class SubscriberPages extends ConsolePages {
    static final int PAGE = 50;

    SubscriberPages(ConsoleRenderer renderer) {
        super(renderer);
    }

    /** {@code GET /admin/subscribers?after=ID}. */
    void list(Context ctx, Session session) {
        show(ctx, session, 200, null, null);
    }

    private void show(Context ctx, Session session, int code, String issuedId, String issued) {
        String after = Forms.after(ctx, Subscriber::checkId);
        List<Subscriber> found = status.subscribers(after, PAGE + 1);
        List<Subscriber> page = found.subList(0, Math.min(PAGE, found.size()));
        if (!session.role().allows(Role.ADMIN)) {
            page = page.stream().map(Subscriber::withTargetHidden).toList();
        }
        ConsoleViews.Frame frame = renderer.frame(session, "Subscribers", "subscribers");
        renderer.render(ctx, code, "console/subscribers.jte", new ContentViews.Subscribers(issued == null ? frame : frame.answering(),
                page, status.snapshot().services(), found.size() > PAGE ? page.getLast().id() : null, issuedId, issued));
    }

    /** {@code POST /admin/subscribers}: a webhook, Slack or Discord hook; a webhook's secret is generated and shown once. */
    void add(Context ctx, Session session) {
        // the role before the URL is resolved: only admins make the server look a name up
        ConsoleAuth.requireRole(session, Role.ADMIN);
        Subscriber added = renderer.execute(ctx, session, new AddSubscriber(SubscriberKind.parse(Forms.required(ctx, "kind")),
                Forms.required(ctx, "url"), Forms.choices(ctx, "services"), ctx.formParam("serviceChanges") != null, null, null)).value();
        if (added.kind() == SubscriberKind.WEBHOOK && added.secret() != null) {
            show(ctx, session, 201, added.id(), added.secret());
            return;
        }
        ConsoleRenderer.back(ctx, "/admin/subscribers");
    }

    /** {@code POST /admin/subscribers/{id}/remove}: any kind, a mail address with everything about it. */
    void remove(Context ctx, Session session) {
        renderer.execute(ctx, session, new RemoveSubscriber(Subscriber.checkId(ctx.pathParam("id"))));
        ConsoleRenderer.back(ctx, "/admin/subscribers");
    }
}
