package dev.statusstream.server.notify;

import dev.statusstream.Channel;
import dev.statusstream.Delivery;
import dev.statusstream.DeliveryOutcome;
import dev.statusstream.SubscriberKind;
import dev.statusstream.internal.Json;
import dev.statusstream.server.api.PublicSite;
import java.util.List;
import java.util.Map;

/**
 * Slack incoming webhooks: Block Kit text (a linked headline, the latest update, the page's name), with
 * a plain {@code text} for notifications and clients without blocks. Thread-safe.
 */
public final class SlackChannel implements Channel {
    private final HookPoster poster;
    private final PublicSite site;
    private final String defaultLanguage;

    SlackChannel(HookPoster poster, PublicSite site, String defaultLanguage) {
        this.poster = poster;
        this.site = site;
        this.defaultLanguage = defaultLanguage;
    }

    @Override
    public SubscriberKind kind() {
        return SubscriberKind.SLACK;
    }

    @Override
    public DeliveryOutcome deliver(Delivery delivery) {
        return poster.post(delivery.subscriber().target(), body(delivery), Map.of("X-StatusStream-Delivery", delivery.id()));
    }

    String body(Delivery delivery) {
        ChatText text = ChatText.of(delivery.notification(), delivery.subscriber().language(), defaultLanguage, site);
        String section = "*<" + text.link() + "|" + escape(text.headline()) + ">*" + (text.body().isEmpty() ? "" : "\n" + escape(text.body()));
        return Json.write(Map.of(
                "text", escape(text.headline() + (text.body().isEmpty() ? "" : ": " + text.body())),
                "blocks", List.of(
                        Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", clip(section, 3000))),
                        Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn", "text", escape(site.name())))))));
    }

    /** Slack's mrkdwn treats these three as markup; operator text must not make links or mentions. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
