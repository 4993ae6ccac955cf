package dev.statusstream.server.notify;

import dev.statusstream.Channel;
import dev.statusstream.Delivery;
import dev.statusstream.DeliveryOutcome;
import dev.statusstream.SubscriberKind;
import dev.statusstream.server.api.statuspage.StatuspageWebhook;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhooks: the Statuspage-shaped body, signed. Headers: {@code X-StatusStream-Event} (e.g.
 * {@code incident.updated}), {@code X-StatusStream-Delivery} (the delivery's id, the same on every try)
 * and {@code X-StatusStream-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>}, so a
 * receiver checks who sent it, that the body is intact, and how old it is. Thread-safe.
 */
public final class WebhookChannel implements Channel {
    private final HookPoster poster;
    private final StatuspageWebhook bodies;
    private final String adminUrl;
    private final Clock clock;

    /**
     * @param adminUrl the admin API's public address, for the body's {@code meta.unsubscribe}
     */
    WebhookChannel(HookPoster poster, StatuspageWebhook bodies, String adminUrl, Clock clock) {
        this.poster = poster;
        this.bodies = bodies;
        this.adminUrl = adminUrl;
        this.clock = clock;
    }

    @Override
    public SubscriberKind kind() {
        return SubscriberKind.WEBHOOK;
    }

    @Override
    public DeliveryOutcome deliver(Delivery delivery) {
        String body = bodies.body(delivery.notification(), delivery.subscriber().language(),
                adminUrl + "/subscribers/" + delivery.subscriber().id());
        long t = clock.instant().getEpochSecond();
        return poster.post(delivery.subscriber().target(), body, Map.of(
                "X-StatusStream-Event", delivery.notification().event().wireName(),
                "X-StatusStream-Delivery", delivery.id(),
                "X-StatusStream-Signature", "t=" + t + ",v1=" + sign(delivery.secret(), t + "." + body)));
    }

    /** Hex HMAC-SHA256 of {@code message} with {@code secret}'s UTF-8 bytes as the key. */
    static String sign(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
