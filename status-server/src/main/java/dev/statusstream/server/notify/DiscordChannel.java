package dev.statusstream.server.notify;

import dev.statusstream.Channel;
import dev.statusstream.Delivery;
import dev.statusstream.DeliveryOutcome;
import dev.statusstream.SubscriberKind;
import dev.statusstream.internal.Json;
import dev.statusstream.server.api.PublicSite;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Discord webhooks: one embed (headline linked to the page, the latest update); mentions are never parsed. Thread-safe. */
public final class DiscordChannel implements Channel {
    private static final Map<String, Integer> COLORS = Map.of("good", 0x2e7d32, "warning", 0xf9a825, "danger", 0xc62828,
            "maintenance", 0x1565c0);

    private final HookPoster poster;
    private final PublicSite site;
    private final String defaultLanguage;

    DiscordChannel(HookPoster poster, PublicSite site, String defaultLanguage) {
        this.poster = poster;
        this.site = site;
        this.defaultLanguage = defaultLanguage;
    }

    @Override
    public SubscriberKind kind() {
        return SubscriberKind.DISCORD;
    }

    @Override
    public DeliveryOutcome deliver(Delivery delivery) {
        return poster.post(delivery.subscriber().target(), body(delivery), Map.of("X-StatusStream-Delivery", delivery.id()));
    }

    String body(Delivery delivery) {
        ChatText text = ChatText.of(delivery.notification(), delivery.subscriber().language(), defaultLanguage, site);
        Map<String, Object> embed = new LinkedHashMap<>();
        embed.put("title", clip(text.headline(), 256));
        embed.put("url", text.link());
        embed.put("description", clip(text.body(), 4000));
        embed.put("color", COLORS.getOrDefault(text.color(), 0x1565c0));
        embed.put("timestamp", delivery.notification().createdAt().toString());
        embed.put("footer", Map.of("text", clip(site.name(), 2048)));
        return Json.write(Map.of("embeds", List.of(embed), "allowed_mentions", Map.of("parse", List.of())));
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
