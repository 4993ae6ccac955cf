package dev.statusstream;

/**
 * Delivers notifications to subscribers of one {@link SubscriberKind}: webhooks, Slack, Discord, mail.
 * The delivery worker of every node that runs one claims due deliveries from the outbox and hands each
 * to the channel of its subscriber's kind; a node claims only the kinds it has a channel for (a node
 * without mail settings leaves mail to the nodes that have them).
 *
 * <p>A channel does one try and reports how it ended; the worker keeps the books: retries with
 * exponential backoff and jitter, the same {@link Delivery#id()} on every try, failing a delivery when
 * its retry period is over and disabling a subscriber that kept failing. So a channel needs no state of
 * its own beyond its connections.
 *
 * <p>Implementations must be thread-safe: the worker calls {@link #deliver} from several threads at
 * once (at most its concurrency setting). A try must end well within the delivery lease (30 s by
 * default), or another node may take the delivery over and send it too; bound every connection and read
 * (webhooks: 10 s). An exception thrown counts as {@link DeliveryOutcome#retry(String)} with its message.
 *
 * <pre>{@code
 * Channel log = new Channel() {
 *     public SubscriberKind kind() { return SubscriberKind.WEBHOOK; }
 *     public DeliveryOutcome deliver(Delivery d) {
 *         System.out.println(d.notification().event() + " for " + d.subscriber().target());
 *         return DeliveryOutcome.delivered();
 *     }
 * };
 * }</pre>
 */
public interface Channel {

    /**
     * The kind of subscriber this channel delivers to.
     *
     * @return one kind; a worker takes one channel per kind
     */
    SubscriberKind kind();

    /**
     * Tries once to deliver.
     *
     * @param delivery what to tell whom, with the delivery id to send along
     * @return how the try ended
     */
    DeliveryOutcome deliver(Delivery delivery);
}
