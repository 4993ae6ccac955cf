package dev.statusstream;

import java.time.Duration;

/**
 * What a node's delivery waits at before each send, so that the host's latency-critical work goes
 * first: the server closes it while a status change is being written to its live streams (tens of
 * milliseconds), and mail rendering, MIME building and SMTP I/O wait until it is done rather than
 * take the cores from it. Nothing is lost while the gate is shut: claimed deliveries wait in memory,
 * well within their lease. The wait is bounded, so a host that broadcasts without pause slows
 * delivery down but never stops it.
 *
 * <p>Implementations must be thread-safe and cheap when open: every send asks.
 *
 * <pre>{@code
 * status.deliver(channels, DeliverySettings.defaults(), hub::awaitQuiet);
 * }</pre>
 */
@FunctionalInterface
public interface DeliveryGate {

    /** A gate that never shuts: delivery never waits. */
    DeliveryGate OPEN = atMost -> {
    };

    /**
     * Returns once the gate is open, or after {@code atMost}, whichever comes first.
     *
     * @param atMost the longest wait
     * @throws InterruptedException when the waiting thread is interrupted (delivery is stopping)
     */
    void awaitOpen(Duration atMost) throws InterruptedException;
}
