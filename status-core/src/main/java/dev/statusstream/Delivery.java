package dev.statusstream;

import java.util.Objects;

/**
 * One {@link Notification} to one {@link Subscriber}, as a {@link Channel} is handed it for one try.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id           the delivery id: the same on every try of this delivery, on every node (webhooks send it as
 *                     {@code X-StatusStream-Delivery}, mail derives its {@code Message-ID} from it), so a receiver
 *                     can drop a repeat
 * @param attempt      which try this is, from 1
 * @param subscriber   whom to tell
 * @param secret       the subscriber's signing secret (webhooks), or null
 * @param tokenKey     the subscriber's key for its links (mail), or null
 * @param notification what to tell
 */
public record Delivery(String id, int attempt, Subscriber subscriber, String secret, String tokenKey, Notification notification) {

    /**
     * Checks the fields.
     *
     * @throws NullPointerException naming a missing field
     * @throws IllegalArgumentException when the attempt is below 1
     */
    public Delivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subscriber, "subscriber");
        Objects.requireNonNull(notification, "notification");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
    }

    /** Hides the secrets from logs. */
    @Override
    public String toString() {
        return "Delivery[" + id + " #" + attempt + " " + notification.event() + " to " + subscriber.kind() + " " + subscriber.id() + "]";
    }
}
