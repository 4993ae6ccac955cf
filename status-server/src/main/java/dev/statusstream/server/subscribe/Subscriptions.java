package dev.statusstream.server.subscribe;

import dev.statusstream.EmailSignup;
import dev.statusstream.Service;
import dev.statusstream.StatusStream;
import dev.statusstream.server.api.PublicSite;
import dev.statusstream.server.admin.AdminRoutes;
import dev.statusstream.server.mail.MailSettings;
import dev.statusstream.server.mail.MailWriter;
import dev.statusstream.server.mail.SmtpMailer;
import dev.statusstream.server.page.Messages;
import dev.statusstream.server.page.PageController;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.javalin.config.JavalinConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Email subscription on a node with mail settings: one mailer (its SMTP connections kept open), the
 * mails, the public routes, and the admin route's confirmation mail. Closed with the server.
 */
public final class Subscriptions {
    /** SMTP connections one node keeps open at most. */
    static final int SMTP_CONNECTIONS = 4;

    private Subscriptions() {
    }

    /** Installs it all under {@code prefix}; the mailer closes when the server stops. */
    public static void install(JavalinConfig javalin, String prefix, StatusStream status, MailSettings settings, PublicSite site,
            boolean adminEnabled, PageController pages) {
        var mailer = new SmtpMailer(settings, SMTP_CONNECTIONS);
        var messages = Messages.load();
        var writer = new MailWriter(TemplateEngine.createPrecompiled(ContentType.Html), messages, site,
                settings.domain());
        var mails = new ConfirmationMails(mailer, settings, writer, labels(status));
        javalin.events.serverStopped(() -> {
            mails.close();
            mailer.close();
        });
        javalin.events.serverStartFailed(() -> {
            mails.close();
            mailer.close();
        });
        SubscriptionRoutes.register(javalin, prefix, status, pages, mails, messages, site.url());
        if (adminEnabled) {
            // an operator asking for someone's subscription: the same confirmation mail as the form's
            javalin.routes.after(prefix + "/api/admin/subscribers/email", ctx -> {
                if (ctx.attribute(AdminRoutes.RESULT_ATTRIBUTE) instanceof EmailSignup signup) {
                    mails.send(signup);
                }
            });
        }
    }

    /** Services' labels in the default language, from their ids, in the order given. */
    private static Function<List<String>, List<String>> labels(StatusStream status) {
        return ids -> {
            Map<String, String> labels = status.snapshot().services().stream().collect(Collectors.toMap(Service::id,
                    s -> s.label().resolve(List.of(), status.config().defaultLanguage()), (a, b) -> a));
            return ids.stream().map(id -> labels.getOrDefault(id, id)).toList();
        };
    }
}
