package dev.statusstream.server.subscribe;

import dev.statusstream.StatusStream;
import dev.statusstream.server.page.Messages;
import dev.statusstream.server.page.PageController;
import io.javalin.config.JavalinConfig;

/**
 * Email subscription on a node with mail settings: the public routes. The mails themselves (the
 * confirmation, the "already subscribed" notice) are queued in the request's own transaction and sent
 * by the delivery of whichever node has mail settings, like every other notification.
 */
public final class Subscriptions {

    private Subscriptions() {
    }

    /** Installs the routes under {@code prefix}. */
    public static void install(JavalinConfig javalin, String prefix, StatusStream status, String publicUrl, PageController pages) {
        SubscriptionRoutes.register(javalin, prefix, status, pages, Messages.load(), publicUrl);
    }
}
