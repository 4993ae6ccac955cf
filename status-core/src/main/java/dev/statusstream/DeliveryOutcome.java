package dev.statusstream;

import java.time.Duration;
import java.util.Objects;

/**
 * How one try of a {@link Delivery} ended, as its {@link Channel} reports it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param result     delivered, to be tried again, or rejected for good
 * @param detail     what happened, for the delivery's {@code last_error} and the logs (never a secret); empty when delivered
 * @param retryAfter how long the receiver asked to wait before the next try (HTTP {@code Retry-After}), or null for the
 *                   usual backoff
 */
public record DeliveryOutcome(Result result, String detail, Duration retryAfter) {
    private static final int MAX_DETAIL = 500;

    /** The three ways a try ends. */
    public enum Result {
        /** The receiver took it (a 2xx, a mail server's 250). */
        DELIVERED,
        /** It may work later: tried again with backoff until the retry period ends. */
        RETRY,
        /** It will never work (a mail server's 550 "no such user"): failed now, not tried again. */
        REJECTED
    }

    /**
     * Checks the fields and shortens the detail to one line of at most 500 characters.
     *
     * @throws NullPointerException when the result is missing
     */
    public DeliveryOutcome {
        Objects.requireNonNull(result, "result");
        detail = detail == null ? "" : detail.replaceAll("[\\r\\n\\t]+", " ").strip();
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL - 3) + "...";
        }
        if (retryAfter != null && retryAfter.isNegative()) {
            retryAfter = Duration.ZERO;
        }
    }

    /**
     * The receiver took it.
     *
     * @return a delivered outcome
     */
    public static DeliveryOutcome delivered() {
        return new DeliveryOutcome(Result.DELIVERED, "", null);
    }

    /**
     * It failed and may work later.
     *
     * @param detail what happened, e.g. {@code HTTP 503}
     * @return an outcome to try again with the usual backoff
     */
    public static DeliveryOutcome retry(String detail) {
        return new DeliveryOutcome(Result.RETRY, detail, null);
    }

    /**
     * It failed, and the receiver said when to try again.
     *
     * @param after  how long to wait, at least (the backoff's cap still applies)
     * @param detail what happened
     * @return an outcome to try again after {@code after}
     */
    public static DeliveryOutcome retryAfter(Duration after, String detail) {
        return new DeliveryOutcome(Result.RETRY, detail, after);
    }

    /**
     * It failed and never will work.
     *
     * @param detail why
     * @return an outcome that fails the delivery now
     */
    public static DeliveryOutcome rejected(String detail) {
        return new DeliveryOutcome(Result.REJECTED, detail, null);
    }
}
