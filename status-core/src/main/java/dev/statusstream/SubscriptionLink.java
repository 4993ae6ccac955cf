package dev.statusstream;

/**
 * What following a subscription link did ({@link ConfirmEmail}, {@link UnsubscribeEmail}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param subscriberId the subscriber the link names
 * @param done         true when it confirmed or unsubscribed; false when the link is not valid (used
 *                     already, expired, or its subscriber gone), which changes nothing
 */
public record SubscriptionLink(String subscriberId, boolean done) {
}
