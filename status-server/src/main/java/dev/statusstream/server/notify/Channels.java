package dev.statusstream.server.notify;

import dev.statusstream.Channel;
import dev.statusstream.internal.TargetAddresses;
import dev.statusstream.server.api.PublicSite;
import dev.statusstream.server.api.statuspage.StatuspageWebhook;
import java.time.Clock;
import java.util.List;

/** The channels this server delivers through, built from its settings. */
public final class Channels {
    private Channels() {
    }

    /**
     * Webhooks, Slack and Discord.
     *
     * @param allowPrivateTargets {@code STATUS_ALLOW_PRIVATE_TARGETS}
     */
    public static List<Channel> hooks(PublicSite site, String defaultLanguage, boolean allowPrivateTargets) {
        var poster = new HookPoster(TargetAddresses.of(allowPrivateTargets), "StatusStream-Hooks/1 (+" + site.url() + ")");
        return List.of(
                new WebhookChannel(poster, new StatuspageWebhook(defaultLanguage, site), site.link("/api/admin"), Clock.systemUTC()),
                new SlackChannel(poster, site, defaultLanguage),
                new DiscordChannel(poster, site, defaultLanguage));
    }
}
