package dev.statusstream;

import java.time.Duration;

/**
 * How a node delivers notifications ({@link StatusStream#deliver}). Validated when built: a bad value
 * fails with a {@link ValidationException} naming the setting.
 *
 * <p>A failed try is retried with exponential backoff and jitter: the n-th retry waits between half and
 * all of {@code firstRetry × 2^(n-1)}, at most {@code maxRetryInterval}, until {@code retryFor} has
 * passed since the change; then the delivery is failed. A subscriber whose every delivery failed for
 * {@code retryFor} is disabled.
 *
 * <p>Immutable and thread-safe.
 *
 * @param concurrency      deliveries this node sends at once; 0: this node delivers nothing (it keeps the
 *                         live page, other nodes deliver)
 * @param lease            how long a node's claim on a delivery holds; a node that dies mid-send leaves it
 *                         to another node after this
 * @param firstRetry       the longest wait before the first retry
 * @param maxRetryInterval the longest wait between two tries
 * @param retryFor         how long a delivery is tried, and how long a subscriber may fail before it is disabled
 * @param reminder         how long before a maintenance window starts its reminder is sent
 * @param pollInterval     how often an idle node looks for due deliveries (a change on any node wakes it at once)
 */
public record DeliverySettings(int concurrency, Duration lease, Duration firstRetry, Duration maxRetryInterval,
        Duration retryFor, Duration reminder, Duration pollInterval) {

    /**
     * Checks every setting.
     *
     * @throws ValidationException naming the first bad setting
     */
    public DeliverySettings {
        if (concurrency < 0 || concurrency > 1000) {
            throw new ValidationException("STATUS_DELIVERY_CONCURRENCY", "must be between 0 and 1000, was " + concurrency);
        }
        atLeast("STATUS_DELIVERY_LEASE", lease, Duration.ofSeconds(1));
        atLeast("STATUS_DELIVERY_FIRST_RETRY", firstRetry, Duration.ofMillis(10));
        atLeast("maxRetryInterval", maxRetryInterval, firstRetry);
        atLeast("STATUS_DELIVERY_RETRY_FOR", retryFor, Duration.ofSeconds(1));
        atLeast("STATUS_MAINTENANCE_REMINDER", reminder, Duration.ofMinutes(1));
        atLeast("pollInterval", pollInterval, Duration.ofMillis(10));
    }

    /**
     * Whether this node delivers at all: a concurrency of 0 leaves the queue to the other nodes.
     *
     * @return {@code concurrency() > 0}
     */
    public boolean delivers() {
        return concurrency > 0;
    }

    /**
     * The defaults: 16 at once, a 30 s lease, the first retry within 30 s doubling to at most 1 h, for
     * 24 h; reminders 1 h before a window; an idle look every second.
     *
     * @return the default settings
     */
    public static DeliverySettings defaults() {
        return new DeliverySettings(16, Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofHours(1),
                Duration.ofHours(24), Duration.ofHours(1), Duration.ofSeconds(1));
    }

    /**
     * The settings from {@code STATUS_DELIVERY_CONCURRENCY}, {@code STATUS_DELIVERY_LEASE},
     * {@code STATUS_DELIVERY_FIRST_RETRY}, {@code STATUS_DELIVERY_RETRY_FOR} and
     * {@code STATUS_MAINTENANCE_REMINDER}; what is unset keeps its default.
     *
     * @param settings the environment's settings
     * @return the delivery settings
     * @throws ValidationException naming the variable of the first bad value
     */
    public static DeliverySettings from(EnvironmentSettings settings) {
        DeliverySettings d = defaults();
        Duration firstRetry = settings.duration("STATUS_DELIVERY_FIRST_RETRY", d.firstRetry());
        return new DeliverySettings(
                settings.integer("STATUS_DELIVERY_CONCURRENCY", d.concurrency(), 0, 1000),
                settings.duration("STATUS_DELIVERY_LEASE", d.lease()),
                firstRetry,
                firstRetry.compareTo(d.maxRetryInterval()) > 0 ? firstRetry : d.maxRetryInterval(),
                settings.duration("STATUS_DELIVERY_RETRY_FOR", d.retryFor()),
                settings.duration("STATUS_MAINTENANCE_REMINDER", d.reminder()),
                d.pollInterval());
    }

    /**
     * A copy with other retry timings, for tests and impatient deployments.
     *
     * @param first    the longest wait before the first retry
     * @param max      the longest wait between two tries
     * @param duration how long to keep trying
     * @return the new settings
     */
    public DeliverySettings withRetries(Duration first, Duration max, Duration duration) {
        return new DeliverySettings(concurrency, lease, first, max, duration, reminder, pollInterval);
    }

    /**
     * A copy with another lease.
     *
     * @param value at least 1 s
     * @return the new settings
     */
    public DeliverySettings withLease(Duration value) {
        return new DeliverySettings(concurrency, value, firstRetry, maxRetryInterval, retryFor, reminder, pollInterval);
    }

    /**
     * A copy with another concurrency.
     *
     * @param value 0 (this node delivers nothing) to 1000
     * @return the new settings
     */
    public DeliverySettings withConcurrency(int value) {
        return new DeliverySettings(value, lease, firstRetry, maxRetryInterval, retryFor, reminder, pollInterval);
    }

    /**
     * A copy with another reminder lead.
     *
     * @param value at least 1 minute
     * @return the new settings
     */
    public DeliverySettings withReminder(Duration value) {
        return new DeliverySettings(concurrency, lease, firstRetry, maxRetryInterval, retryFor, value, pollInterval);
    }

    /**
     * A copy with another idle poll interval.
     *
     * @param value at least 10 ms
     * @return the new settings
     */
    public DeliverySettings withPollInterval(Duration value) {
        return new DeliverySettings(concurrency, lease, firstRetry, maxRetryInterval, retryFor, reminder, value);
    }

    private static void atLeast(String setting, Duration value, Duration minimum) {
        if (value == null) {
            throw new ValidationException(setting, "is required");
        }
        if (value.compareTo(minimum) < 0) {
            throw new ValidationException(setting, "must be at least " + minimum.toMillis() + "ms, was " + value.toMillis() + "ms");
        }
    }
}
