package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How a subscriber is told: which {@link Channel} delivers to it.
 *
 * <p>Immutable and thread-safe.
 */
public enum SubscriberKind {
    /** An HTTP endpoint of the subscriber's own, sent Statuspage-shaped JSON, signed. */
    WEBHOOK("webhook"),
    /** A Slack incoming webhook, sent Block Kit text. */
    SLACK("slack"),
    /** A Discord webhook, sent an embed. */
    DISCORD("discord"),
    /** A mail address, after it confirmed its subscription. */
    EMAIL("email");

    private final String wireName;

    SubscriberKind(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The name used on the wire and in the database.
     *
     * @return e.g. {@code webhook}
     */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * Whether its target is a URL (every kind but {@link #EMAIL}).
     *
     * @return true for webhooks and chat hooks
     */
    public boolean targetIsUrl() {
        return this != EMAIL;
    }

    /**
     * Parses a wire name, ignoring case.
     *
     * @param value e.g. {@code "slack"}
     * @return the kind
     * @throws ValidationException naming {@code kind} when it is none of them
     */
    public static SubscriberKind parse(String value) {
        for (SubscriberKind kind : values()) {
            if (kind.wireName.equals(value == null ? null : value.strip().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new ValidationException("kind", "'" + value + "' is not one of webhook, slack, discord, email");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
