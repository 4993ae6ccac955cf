package dev.statusstream.notify.internal;

import dev.statusstream.Channel;
import dev.statusstream.Delivery;
import dev.statusstream.DeliveryGate;
import dev.statusstream.DeliveryOutcome;
import dev.statusstream.DeliverySettings;
import dev.statusstream.DeliveryStats;
import dev.statusstream.Notification;
import dev.statusstream.NotificationEvent;
import dev.statusstream.StatusException;
import dev.statusstream.SubscriberKind;
import dev.statusstream.SubscriberState;
import dev.statusstream.store.internal.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox from this node: claims due deliveries of the kinds it has channels for (with
 * {@code FOR UPDATE SKIP LOCKED} and a lease, so nodes share the queue and never claim the same
 * delivery), sends at most {@code concurrency} at once on virtual threads, and records each outcome:
 * delivered, retried later with backoff and jitter, or failed. When PostgreSQL is away nothing is lost:
 * claiming pauses, outcomes not yet recorded wait in memory, and both resume by themselves.
 * Before each claim and each send it waits at the host's {@link DeliveryGate} (at most
 * {@link #MAX_YIELD}), so that a broadcast to the live page in flight has the cores first.
 * Thread-safe; one thread claims, the sends run on their own threads.
 */
public final class DeliveryWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    /** Most deliveries claimed in one statement. */
    private static final int MAX_CLAIM = 200;
    /** How often reminders are looked for and old deliveries forgotten. */
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(15);
    /** How long sent and failed deliveries are kept, for the admin's questions. */
    private static final Duration KEEP = Duration.ofDays(7);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(5);
    /**
     * The longest a claim or a send waits at the gate: longer than a broadcast to ten thousand streams,
     * short enough that a host broadcasting without pause only slows delivery down.
     */
    static final Duration MAX_YIELD = Duration.ofMillis(250);

    private final Database database;
    private final DeliveryRepository deliveries = new DeliveryRepository();
    private final SubscriberRepository subscribers = new SubscriberRepository();
    private final Reminders reminders;
    private final Map<SubscriberKind, Channel> channels;
    private final List<String> kinds;
    private final DeliverySettings settings;
    private final DeliveryGate gate;
    private final String owner;
    private final Semaphore slots;
    private final ExecutorService sends = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("statusstream-delivery-", 0).factory());
    private final Map<Long, Notification> notifications = new ConcurrentHashMap<>();
    /** Deliveries sent whose outcome is not recorded yet. */
    private final DeliveredBatch delivered = new DeliveredBatch();
    /** Outcomes whose recording failed (PostgreSQL away): recorded before anything else is claimed. */
    private final Queue<Function<Handle, List<AtomicLong>>> unrecorded = new ConcurrentLinkedQueue<>();
    private final Object wakeLock = new Object();
    private boolean woken;
    private volatile boolean running;
    private Thread thread;
    private Instant nextHousekeeping = Instant.MIN;
    private volatile boolean databaseDown;
    private volatile DeliveryRepository.QueueState lastQueue = new DeliveryRepository.QueueState(0, 0, null);

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong disabled = new AtomicLong();

    /**
     * @param owner this node's name in the leases it takes; unique per process
     */
    public DeliveryWorker(Database database, Reminders reminders, List<Channel> channels, DeliverySettings settings,
            DeliveryGate gate, String owner) {
        if (!settings.delivers()) {
            throw new IllegalArgumentException("a delivery concurrency of 0 delivers nothing: start no worker");
        }
        this.database = database;
        this.reminders = reminders;
        Map<SubscriberKind, Channel> byKind = new EnumMap<>(SubscriberKind.class);
        for (Channel channel : channels) {
            if (byKind.put(channel.kind(), channel) != null) {
                throw new IllegalArgumentException("two channels for " + channel.kind());
            }
        }
        this.channels = byKind;
        this.kinds = byKind.keySet().stream().map(SubscriberKind::wireName).toList();
        this.settings = settings;
        this.gate = gate;
        this.owner = owner;
        this.slots = new Semaphore(settings.concurrency());
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().daemon().name("statusstream-delivery").start(this::run);
    }

    /** Something may have been queued: look now rather than at the next poll. */
    public void wake() {
        synchronized (wakeLock) {
            woken = true;
            wakeLock.notifyAll();
        }
    }

    private void pause(Duration duration) {
        synchronized (wakeLock) {
            long until = System.nanoTime() + duration.toNanos();
            while (!woken && running) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(wakeLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            woken = false;
        }
    }

    private void run() {
        Duration pauseAfterFailure = settings.pollInterval();
        while (running && !Thread.currentThread().isInterrupted()) {
            try {
                recordUnrecorded();
                housekeeping();
                int free = slots.availablePermits();
                boolean inFlight = free < settings.concurrency();
                // a claim (and the record of what was sent) waits until half the slots are free, so that a
                // queue of ten thousand costs a few hundred statements, not three per delivery
                boolean batchReady = !inFlight || free >= Math.max(1, settings.concurrency() / 2);
                if (!batchReady && delivered.due(System.nanoTime())) {
                    recordDelivered();
                }
                if (!batchReady) {
                    pause(delivered.isEmpty() ? settings.pollInterval() : min(settings.pollInterval(), DeliveredBatch.MAX_WAIT));
                    continue;
                }
                int asked = Math.min(MAX_CLAIM, free);
                if (!yieldToHost()) {
                    return;
                }
                int claimed = kinds.isEmpty() ? 0 : claimAndSend(asked);
                if (databaseDown) {
                    databaseDown = false;
                    log.info("PostgreSQL is reachable again: delivering");
                }
                pauseAfterFailure = settings.pollInterval();
                if (claimed < asked) {
                    pause(delivered.isEmpty() ? settings.pollInterval() : min(settings.pollInterval(), DeliveredBatch.MAX_WAIT));
                }
            } catch (StatusException e) {
                if (!databaseDown) {
                    databaseDown = true;
                    log.warn("delivery paused, nothing is lost; retrying: {}", e.getMessage());
                }
                pause(pauseAfterFailure);
                pauseAfterFailure = min(pauseAfterFailure.multipliedBy(2), MAX_PAUSE);
            } catch (RuntimeException e) {
                log.error("delivery: unexpected failure; continuing", e);
                pause(MAX_PAUSE);
            }
        }
    }

    /**
     * One transaction records what was sent since the last claim, claims the next batch, and reads its
     * subscribers; if it fails, nothing is recorded and the sent ones wait for the next try.
     */
    private int claimAndSend(int asked) {
        Instant now = database.now();
        List<Claimed> sentBefore = delivered.peek();
        record Batch(int recorded, List<Claimed> claimed, Map<String, SubscriberRepository.WithSecrets> whom) {
        }
        Batch batch = database.transact("claiming deliveries", h -> {
            int recorded = sentBefore.isEmpty() ? 0 : deliveries.delivered(h, sentBefore, now);
            List<Claimed> claimed = deliveries.claim(h, kinds, owner, now, settings.lease(), asked);
            List<String> ids = claimed.stream().map(Claimed::subscriberId).distinct().toList();
            Map<String, SubscriberRepository.WithSecrets> whom = ids.isEmpty() ? Map.of()
                    : subscribers.withSecrets(h, ids).stream().collect(Collectors.toMap(w -> w.subscriber().id(), w -> w));
            return new Batch(recorded, claimed, whom);
        });
        delivered.remove(sentBefore.size());
        sent.addAndGet(batch.recorded());
        for (Claimed c : batch.claimed()) {
            Notification notification = notification(c.notificationId());
            SubscriberRepository.WithSecrets subscriber = batch.whom().get(c.subscriberId());
            slots.acquireUninterruptibly();
            sends.execute(() -> {
                try {
                    send(c, subscriber, notification);
                } finally {
                    slots.release();
                    wake();
                }
            });
        }
        return batch.claimed().size();
    }

    private Notification notification(long id) {
        Notification cached = notifications.get(id);
        if (cached != null) {
            return cached;
        }
        if (notifications.size() > 1000) {
            notifications.clear();
        }
        Notification read = database.transact("reading a notification", h -> deliveries.notification(h, id)).orElse(null);
        if (read != null) {
            notifications.put(id, read);
        }
        return read;
    }

    private void send(Claimed c, SubscriberRepository.WithSecrets whom, Notification notification) {
        DeliveryOutcome outcome;
        if (whom == null || notification == null) {
            outcome = DeliveryOutcome.rejected("the subscriber or notification is gone");
        } else if (notification.event() == NotificationEvent.SUBSCRIPTION_CONFIRM && whom.subscriber().state() == SubscriberState.ACTIVE) {
            outcome = DeliveryOutcome.rejected("the subscription is confirmed already");
        } else if (!notification.event().aboutSubscription() && whom.subscriber().state() != SubscriberState.ACTIVE) {
            // a confirmation goes to a pending subscriber; everything else only to active ones
            outcome = DeliveryOutcome.rejected("the subscriber is " + whom.subscriber().state());
        } else {
            Channel channel = channels.get(whom.subscriber().kind());
            if (!yieldToHost()) {
                // stopping: the claim runs out and this node or another sends it then
                return;
            }
            try {
                outcome = channel.deliver(new Delivery(c.id(), c.attempt(), whom.subscriber(), whom.secret(), whom.tokenKey(),
                        notification));
                if (outcome == null) {
                    outcome = DeliveryOutcome.retry("the channel reported nothing");
                }
            } catch (RuntimeException e) {
                outcome = DeliveryOutcome.retry(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
        }
        if (outcome.result() == DeliveryOutcome.Result.DELIVERED) {
            // recorded with others in one statement by the claiming thread, well within the lease
            delivered.add(c, System.nanoTime());
            return;
        }
        Instant now = database.now();
        Function<Handle, List<AtomicLong>> record = recording(c, outcome, now);
        try {
            database.transact("recording a delivery", record).forEach(AtomicLong::incrementAndGet);
        } catch (StatusException e) {
            unrecorded.add(record);
            wake();
        }
    }

    /** Waits at the gate; false when interrupted (stopping). */
    private boolean yieldToHost() {
        try {
            gate.awaitOpen(MAX_YIELD);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The transaction that records one outcome; it returns the counters to count once it committed. */
    private Function<Handle, List<AtomicLong>> recording(Claimed c, DeliveryOutcome outcome, Instant now) {
        String detail = outcome.detail();
        return switch (outcome.result()) {
            // a claim that another node took over after the lease ran out is that node's to record
            case DELIVERED -> h -> deliveries.delivered(h, List.of(c), now) == 1 ? List.of(sent) : List.of();
            case REJECTED -> h -> deliveries.failed(h, c, owner, "rejected: " + detail) ? List.of(failed) : List.of();
            case RETRY -> h -> {
                List<AtomicLong> counts = new ArrayList<>();
                if (!now.isBefore(c.createdAt().plus(settings.retryFor()))) {
                    if (!deliveries.failed(h, c, owner, "gave up after " + c.attempt() + " tries: " + detail)) {
                        return counts;
                    }
                    counts.add(failed);
                } else {
                    Instant next = now.plus(backoff(c.attempt(), outcome.retryAfter(), settings));
                    if (!deliveries.retry(h, c, owner, next, detail)) {
                        return counts;
                    }
                    counts.add(retried);
                }
                // failing since the first change it could not get, so that the delivery that gives up after the
                // retry period finds its subscriber failing for that long
                Instant failingSince = deliveries.failing(h, c.subscriberId(), c.createdAt());
                if (!now.isBefore(failingSince.plus(settings.retryFor()))
                        && deliveries.disable(h, c.subscriberId(), now, "every delivery failed since " + failingSince + "; last: " + detail)) {
                    counts.add(disabled);
                    log.warn("subscriber {} disabled: every delivery failed since {}", c.subscriberId(), failingSince);
                }
                return counts;
            };
        };
    }

    /** Records every delivery sent since the last time, in one transaction; kept for the next time if PostgreSQL is away. */
    private void recordDelivered() {
        List<Claimed> batch = delivered.peek();
        if (batch.isEmpty()) {
            return;
        }
        Instant now = database.now();
        int recorded = database.transact("recording deliveries", h -> deliveries.delivered(h, batch, now));
        delivered.remove(batch.size());
        sent.addAndGet(recorded);
    }

    private void recordUnrecorded() {
        for (Function<Handle, List<AtomicLong>> record; (record = unrecorded.peek()) != null; ) {
            database.transact("recording a delivery", record).forEach(AtomicLong::incrementAndGet);
            unrecorded.poll();
        }
    }

    private void housekeeping() {
        Instant now = database.now();
        if (now.isBefore(nextHousekeeping)) {
            return;
        }
        nextHousekeeping = now.plus(HOUSEKEEPING);
        lastQueue = database.transact("reading the delivery queue", deliveries::queue);
        if (reminders.remind(now, settings.reminder()) > 0) {
            wake();
        }
        database.transact("forgetting old deliveries", h -> deliveries.forget(h, now.minus(KEEP)));
    }

    /**
     * How long to wait before try {@code attempt + 1}: between half and all of {@code firstRetry ×
     * 2^(attempt-1)}, at most {@code maxRetryInterval}; at least what the receiver asked for, within the
     * same cap.
     */
    static Duration backoff(int attempt, Duration retryAfter, DeliverySettings settings) {
        long cap = settings.maxRetryInterval().toMillis();
        long base = settings.firstRetry().toMillis();
        for (int i = 1; i < attempt && base < cap; i++) {
            base *= 2;
        }
        base = Math.min(base, cap);
        long delay = base / 2 + ThreadLocalRandom.current().nextLong(base - base / 2 + 1);
        if (retryAfter != null) {
            delay = Math.max(delay, Math.min(retryAfter.toMillis(), cap));
        }
        return Duration.ofMillis(delay);
    }

    public DeliveryStats stats() {
        DeliveryRepository.QueueState queue = lastQueue;
        try {
            queue = database.transact("reading the delivery queue", deliveries::queue);
            lastQueue = queue;
        } catch (StatusException e) {
            // the last figures read stay: a metrics scrape must not fail while PostgreSQL is away
        }
        Duration oldest = queue.oldest() == null ? Duration.ZERO
                : max(Duration.ZERO, Duration.between(queue.oldest(), database.now()));
        return new DeliveryStats(queue.queued(), queue.retrying(), oldest, sent.get(), retried.get(), failed.get(), disabled.get());
    }

    /** The kinds this node delivers. */
    public List<SubscriberKind> kinds() {
        return new ArrayList<>(channels.keySet());
    }

    @Override
    public void close() {
        synchronized (this) {
            running = false;
        }
        wake();
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sends.shutdownNow();
        try {
            // what was sent is recorded, or another node would send it again when the lease runs out
            recordDelivered();
        } catch (RuntimeException e) {
            log.warn("deliveries sent but not recorded will be sent again by another node: {}", e.getMessage());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
