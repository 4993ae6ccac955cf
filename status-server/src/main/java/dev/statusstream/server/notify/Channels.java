package dev.statusstream.server.notify;

import dev.statusstream.server.mail.MailSettings;
import dev.statusstream.server.mail.MailWriter;
import dev.statusstream.server.mail.SmtpMailer;
import dev.statusstream.server.page.Messages;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;

import dev.statusstream.Channel;
import dev.statusstream.Snapshot;
import dev.statusstream.internal.TargetAddresses;
import dev.statusstream.server.api.PublicSite;
import dev.statusstream.server.api.statuspage.StatuspageWebhook;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/** The channels this server delivers through, built from its settings. */
public final class Channels {
    /** SMTP connections one node keeps open for notification mail at most. */
    static final int MAX_SMTP_CONNECTIONS = 8;

    private Channels() {
    }

    /**
     * The HTTP client of webhooks, Slack and Discord; the caller closes it.
     *
     * @param allowPrivateTargets {@code STATUS_ALLOW_PRIVATE_TARGETS}
     */
    public static HookPoster poster(PublicSite site, boolean allowPrivateTargets) {
        return HookPoster.start(TargetAddresses.of(allowPrivateTargets), "StatusStream-Hooks/1 (+" + site.url() + ")");
    }

    /** Webhooks, Slack and Discord, posted through {@code poster}. */
    public static List<Channel> hooks(HookPoster poster, PublicSite site, String defaultLanguage) {
        return List.of(
                new WebhookChannel(poster, new StatuspageWebhook(defaultLanguage, site), site.link("/api/admin"), Clock.systemUTC()),
                new SlackChannel(poster, site, defaultLanguage),
                new DiscordChannel(poster, site, defaultLanguage));
    }

    /**
     * The mailer of notification mail: as many SMTP connections as deliveries run at once, up to
     * {@value #MAX_SMTP_CONNECTIONS}, kept open between mails.
     */
    public static SmtpMailer mailer(MailSettings mail, int concurrency) {
        return new SmtpMailer(mail, Math.max(1, Math.min(MAX_SMTP_CONNECTIONS, concurrency)));
    }

    /**
     * Mail to email subscribers (confirmations and notifications), through {@code mailer}.
     *
     * @param snapshot the page as it is now, for the labels of the services a subscription chose
     */
    public static Channel email(SmtpMailer mailer, MailSettings mail, PublicSite site, String defaultLanguage,
            Supplier<Snapshot> snapshot) {
        var writer = new MailWriter(TemplateEngine.createPrecompiled(ContentType.Html), Messages.load(), site, mail.domain());
        return new EmailChannel(mailer, mail, writer, site, defaultLanguage, snapshot);
    }
}
