package dev.statusstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.testing.MutableClock;
import dev.statusstream.testing.TestServices;
import dev.statusstream.testing.Waiting;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery worker against a real PostgreSQL, with channels written here that record every try:
 * claims, retries with the same delivery id, giving up, disabling, two nodes sharing one queue, and
 * maintenance reminders.
 */
class DeliveryWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final DeliverySettings FAST = DeliverySettings.defaults()
            .withRetries(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofHours(24))
            .withPollInterval(Duration.ofMillis(50));

    private String databaseUrl;
    private final List<StatusStream> opened = new ArrayList<>();
    private final List<Subscription> delivering = new ArrayList<>();
    private StatusStream status;

    /** A channel that records each try and answers as told. */
    static final class RecordingChannel implements Channel {
        final List<Delivery> tries = new CopyOnWriteArrayList<>();
        final Function<Delivery, DeliveryOutcome> answer;

        RecordingChannel(Function<Delivery, DeliveryOutcome> answer) {
            this.answer = answer;
        }

        @Override
        public SubscriberKind kind() {
            return SubscriberKind.WEBHOOK;
        }

        @Override
        public DeliveryOutcome deliver(Delivery delivery) {
            tries.add(delivery);
            return answer.apply(delivery);
        }
    }

    @BeforeEach
    void start() {
        databaseUrl = TestServices.newMigratedDatabase();
        status = node(java.time.Clock.systemUTC());
        status.addService(NewService.of("api", en("API")));
    }

    private StatusStream node(java.time.Clock clock) {
        StatusStream node = StatusStream.builder()
                .config(StatusStreamConfig.defaults().withDatabaseUrl(databaseUrl).withAllowPrivateTargets(true))
                .clock(clock).build();
        opened.add(node);
        return node;
    }

    @AfterEach
    void stop() {
        delivering.forEach(Subscription::close);
        opened.forEach(StatusStream::close);
    }

    private static LocalizedText en(String text) {
        return LocalizedText.of("en", text);
    }

    private Subscriber webhook() {
        return status.execute(new AddSubscriber(SubscriberKind.WEBHOOK, "http://127.0.0.1:9/hook", List.of(), false, null, null),
                Actor.library()).value();
    }

    private void deliver(StatusStream node, Channel channel, DeliverySettings settings) {
        delivering.add(node.deliver(List.of(channel), settings));
    }

    private List<String> rows(String sql) {
        try (Connection c = DriverManager.getConnection(databaseUrl); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private void sql(String sql) {
        try (Connection c = DriverManager.getConnection(databaseUrl); Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void a_queued_notification_is_handed_to_the_channel_with_the_subscriber_its_secret_and_the_page() {
        Subscriber subscriber = webhook();
        String secret = rows("select secret from statusstream_subscribers").getFirst();
        var channel = new RecordingChannel(d -> DeliveryOutcome.delivered());
        deliver(status, channel, FAST);
        Incident incident = status.openIncident(NewIncident.incident(en("API down"), Status.OUTAGE, List.of("api"), en("Looking"))).value();
        Waiting.until(WAIT, "the delivery", () -> rows("select state from statusstream_deliveries").equals(List.of("sent")));
        assertEquals(1, channel.tries.size());
        Delivery d = channel.tries.getFirst();
        assertEquals(1, d.attempt());
        assertEquals(subscriber.id(), d.subscriber().id());
        assertEquals(secret, d.secret());
        assertEquals(NotificationEvent.INCIDENT_OPENED, d.notification().event());
        assertEquals(incident.slug(), d.notification().incident().slug());
        assertEquals(status.snapshot().version(), d.notification().snapshot().version(), "the page as the change left it");
        assertTrue(d.notification().snapshot().incident(incident.slug()).isPresent());
        assertEquals(rows("select id from statusstream_deliveries"), List.of(d.id()));
        Waiting.until(WAIT, "the sent count", () -> status.deliveryStats().sent() == 1);
        assertEquals(0, status.deliveryStats().queued());
    }

    @Test
    void a_failing_try_is_retried_with_the_same_delivery_id_until_it_is_delivered() {
        webhook();
        AtomicInteger calls = new AtomicInteger();
        var channel = new RecordingChannel(d -> calls.incrementAndGet() < 3 ? DeliveryOutcome.retry("HTTP 503") : DeliveryOutcome.delivered());
        deliver(status, channel, FAST);
        status.openIncident(NewIncident.incident(en("Down"), Status.OUTAGE, List.of(), en("Looking")));
        Waiting.until(WAIT, "delivery after two failures", () -> rows("select state from statusstream_deliveries").equals(List.of("sent")));
        assertEquals(3, channel.tries.size());
        assertEquals(1, channel.tries.stream().map(Delivery::id).distinct().count(), "one delivery id on every try");
        assertEquals(List.of(1, 2, 3), channel.tries.stream().map(Delivery::attempt).toList());
        assertEquals(List.of("3"), rows("select attempts from statusstream_deliveries"));
        assertEquals(Collections.singletonList(null), rows("select failing_since from statusstream_subscribers"),
                "a delivery that got through clears the subscriber's failing mark");
        DeliveryStats stats = status.deliveryStats();
        assertEquals(2, stats.retried());
        assertEquals(1, stats.sent());
    }

    @Test
    void retries_back_off_exponentially_with_jitter_within_the_cap() {
        webhook();
        List<Instant> times = new CopyOnWriteArrayList<>();
        var channel = new RecordingChannel(d -> {
            times.add(Instant.now());
            return d.attempt() < 5 ? DeliveryOutcome.retry("HTTP 500") : DeliveryOutcome.delivered();
        });
        DeliverySettings settings = FAST.withRetries(Duration.ofMillis(200), Duration.ofMillis(800), Duration.ofHours(24));
        deliver(status, channel, settings);
        status.openIncident(NewIncident.incident(en("Down"), Status.OUTAGE, List.of(), en("Looking")));
        Waiting.until(WAIT, "five tries", () -> times.size() == 5);
        long[] expectedMax = {200, 400, 800, 800};
        for (int i = 1; i < times.size(); i++) {
            long gap = Duration.between(times.get(i - 1), times.get(i)).toMillis();
            assertTrue(gap >= expectedMax[i - 1] / 2 - 20, "retry " + i + " waited " + gap + " ms, at least half of " + expectedMax[i - 1]);
            assertTrue(gap <= expectedMax[i - 1] + 600, "retry " + i + " waited " + gap + " ms, about at most " + expectedMax[i - 1]);
        }
    }

    @Test
    void after_the_retry_period_the_delivery_fails_and_a_subscriber_failing_that_long_is_disabled() {
        Subscriber subscriber = webhook();
        var channel = new RecordingChannel(d -> DeliveryOutcome.retry("connection refused"));
        deliver(status, channel, FAST.withRetries(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(2)));
        status.openIncident(NewIncident.incident(en("Down"), Status.OUTAGE, List.of(), en("Looking")));
        Waiting.until(WAIT, "the delivery to fail", () -> rows("select state from statusstream_deliveries").equals(List.of("failed")));
        assertTrue(rows("select last_error from statusstream_deliveries").getFirst().contains("connection refused"));
        Subscriber after = status.subscriber(subscriber.id()).orElseThrow();
        assertEquals(SubscriberState.DISABLED, after.state());
        assertTrue(after.disabledReason().contains("connection refused"), after.disabledReason());
        int tries = channel.tries.size();
        status.openIncident(NewIncident.incident(en("Again"), Status.OUTAGE, List.of(), en("Looking")));
        assertEquals(List.of("1"), rows("select count(*) from statusstream_notifications where subject like '%again%'"));
        assertEquals(List.of("1"), rows("select count(*) from statusstream_deliveries"), "a disabled subscriber gets nothing queued");
        assertEquals(tries, channel.tries.size());
        assertEquals(1, status.deliveryStats().disabled());
    }

    @Test
    void a_rejected_try_fails_at_once() {
        webhook();
        var channel = new RecordingChannel(d -> DeliveryOutcome.rejected("550 no such user"));
        deliver(status, channel, FAST);
        status.openIncident(NewIncident.incident(en("Down"), Status.OUTAGE, List.of(), en("Looking")));
        Waiting.until(WAIT, "the delivery to fail", () -> rows("select state from statusstream_deliveries").equals(List.of("failed")));
        assertEquals(1, channel.tries.size());
    }

    @Test
    void a_channel_that_throws_counts_as_a_failed_try() {
        webhook();
        AtomicInteger calls = new AtomicInteger();
        var channel = new RecordingChannel(d -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("bug in a channel");
            }
            return DeliveryOutcome.delivered();
        });
        deliver(status, channel, FAST);
        status.openIncident(NewIncident.incident(en("Down"), Status.OUTAGE, List.of(), en("Looking")));
        Waiting.until(WAIT, "the retry", () -> rows("select state from statusstream_deliveries").equals(List.of("sent")));
        assertEquals(2, channel.tries.size());
    }

    @Test
    void two_nodes_delivering_one_queue_send_every_delivery_exactly_once() {
        int subscribers = 60;
        for (int i = 0; i < subscribers; i++) {
            webhook();
        }
        Map<String, AtomicInteger> sends = new ConcurrentHashMap<>();
        Set<String> byFirst = ConcurrentHashMap.newKeySet();
        Set<String> bySecond = ConcurrentHashMap.newKeySet();
        Function<Set<String>, RecordingChannel> slowChannel = mine -> new RecordingChannel(d -> {
            sends.computeIfAbsent(d.id(), k -> new AtomicInteger()).incrementAndGet();
            mine.add(d.id());
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return DeliveryOutcome.delivered();
        });
        StatusStream second = node(java.time.Clock.systemUTC());
        deliver(status, slowChannel.apply(byFirst), FAST.withConcurrency(4));
        deliver(second, slowChannel.apply(bySecond), FAST.withConcurrency(4));
        for (int i = 0; i < 5; i++) {
            status.openIncident(NewIncident.incident(en("Down " + i), Status.OUTAGE, List.of(), en("Looking")));
        }
        Waiting.until(WAIT, "every delivery", () -> rows("select count(*) from statusstream_deliveries where state = 'sent'")
                .equals(List.of(String.valueOf(5 * subscribers))));
        assertEquals(5 * subscribers, sends.size());
        assertTrue(sends.values().stream().allMatch(n -> n.get() == 1), "no delivery was sent twice: " + sends);
        assertTrue(!byFirst.isEmpty() && !bySecond.isEmpty(), "both nodes delivered: " + byFirst.size() + " and " + bySecond.size());
    }

    @Test
    void a_node_with_a_delivery_concurrency_of_0_delivers_nothing_while_another_delivers_everything() {
        int subscribers = 20;
        for (int i = 0; i < subscribers; i++) {
            webhook();
        }
        var quiet = new RecordingChannel(d -> DeliveryOutcome.delivered());
        StatusStream streamsOnly = node(java.time.Clock.systemUTC());
        deliver(streamsOnly, quiet, FAST.withConcurrency(0));
        for (int i = 0; i < 3; i++) {
            status.openIncident(NewIncident.incident(en("Down " + i), Status.OUTAGE, List.of(), en("Looking")));
        }
        // the queue waits for a node that delivers: the one without delivery had it to itself until now
        var delivering = new RecordingChannel(d -> DeliveryOutcome.delivered());
        deliver(status, delivering, FAST);
        Waiting.until(WAIT, "every delivery", () -> rows("select count(*) from statusstream_deliveries where state = 'sent'")
                .equals(List.of(String.valueOf(3 * subscribers))));
        assertEquals(List.of(), quiet.tries, "the node with a concurrency of 0 sent nothing");
        assertEquals(3 * subscribers, delivering.tries.size());
        assertEquals(0, streamsOnly.deliveryStats().sent());
    }

    @Test
    void every_send_waits_at_the_gate_first_and_nothing_is_lost_while_it_stays_shut() {
        int subscribers = 30;
        for (int i = 0; i < subscribers; i++) {
            webhook();
        }
        var open = new java.util.concurrent.CountDownLatch(1);
        ThreadLocal<Long> waitedFrom = new ThreadLocal<>();
        AtomicInteger asked = new AtomicInteger();
        DeliveryGate gate = atMost -> {
            asked.incrementAndGet();
            waitedFrom.set(System.nanoTime());
            open.await(atMost.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        };
        List<Long> heldMillis = new CopyOnWriteArrayList<>();
        List<String> sentWithoutWaiting = new CopyOnWriteArrayList<>();
        var channel = new RecordingChannel(d -> {
            Long from = waitedFrom.get();
            waitedFrom.remove();
            if (from == null) {
                sentWithoutWaiting.add(d.id());
            } else {
                heldMillis.add(Duration.ofNanos(System.nanoTime() - from).toMillis());
            }
            return DeliveryOutcome.delivered();
        });
        delivering.add(status.deliver(List.of(channel), FAST, gate));
        status.openIncident(NewIncident.incident(en("Down"), Status.OUTAGE, List.of(), en("Looking")));
        Waiting.until(WAIT, "every delivery while the gate stays shut",
                () -> rows("select count(*) from statusstream_deliveries where state = 'sent'").equals(List.of(String.valueOf(subscribers))));
        assertEquals(List.of(), sentWithoutWaiting, "each send asked the gate on its own thread first");
        // a shut gate holds each send for its whole bound, then lets it go: slower, never stuck
        assertTrue(heldMillis.stream().allMatch(ms -> ms >= 200), "each send was held while the gate was shut: " + heldMillis);
        open.countDown();
        status.openIncident(NewIncident.incident(en("Down again"), Status.OUTAGE, List.of(), en("Looking")));
        Waiting.until(WAIT, "every delivery once the gate opened",
                () -> rows("select count(*) from statusstream_deliveries where state = 'sent'").equals(List.of(String.valueOf(2 * subscribers))));
        assertEquals(2 * subscribers, channel.tries.stream().map(Delivery::id).distinct().count(), "each sent once");
        assertEquals(2 * subscribers, channel.tries.size());
        assertTrue(asked.get() >= 2 * subscribers, "asked before every send: " + asked.get());
    }

    @Test
    void a_node_that_dies_holding_a_claim_leaves_it_to_another_after_the_lease_with_the_same_id() {
        webhook();
        var stuck = new RecordingChannel(d -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return DeliveryOutcome.retry("interrupted");
        });
        StatusStream doomed = node(java.time.Clock.systemUTC());
        // one sender, stuck: once its lease runs out the doomed node has nobody free to claim the delivery again
        Subscription doomedDelivery = doomed.deliver(List.of(stuck), FAST.withLease(Duration.ofSeconds(2)).withConcurrency(1));
        status.openIncident(NewIncident.incident(en("Down"), Status.OUTAGE, List.of(), en("Looking")));
        Waiting.until(WAIT, "the first node's claim", () -> stuck.tries.size() == 1);
        // the first node hangs without recording anything: its lease remains in the row
        String leased = rows("select lease_owner from statusstream_deliveries").getFirst();
        assertTrue(leased != null && !leased.isBlank());
        var healthy = new RecordingChannel(d -> DeliveryOutcome.delivered());
        deliver(status, healthy, FAST.withLease(Duration.ofSeconds(2)));
        Waiting.until(WAIT, "the takeover", () -> healthy.tries.size() == 1);
        assertEquals(stuck.tries.getFirst().id(), healthy.tries.getFirst().id(), "the same delivery id");
        assertEquals(2, healthy.tries.getFirst().attempt());
        Waiting.until(WAIT, "sent", () -> rows("select state from statusstream_deliveries").equals(List.of("sent")));
        doomedDelivery.close();
    }

    @Test
    void a_maintenance_reminder_is_made_once_before_the_window_whichever_nodes_look() {
        webhook();
        MutableClock clock = new MutableClock(Instant.now());
        StatusStream first = node(clock);
        StatusStream second = node(clock);
        Instant from = clock.instant().plus(Duration.ofHours(3));
        Incident window = first.openIncident(NewIncident.maintenance(en("Upgrade"), List.of("api"), en("Planned"), from,
                from.plus(Duration.ofHours(1)))).value();
        List<Delivery> told = new CopyOnWriteArrayList<>();
        deliver(first, new RecordingChannel(d -> {
            told.add(d);
            return DeliveryOutcome.delivered();
        }), FAST);
        deliver(second, new RecordingChannel(d -> {
            told.add(d);
            return DeliveryOutcome.delivered();
        }), FAST);
        Waiting.until(WAIT, "the scheduled notice", () -> told.size() == 1);
        clock.advance(Duration.ofMinutes(90));
        assertEquals(List.of(), rows("select id from statusstream_notifications where event = 'maintenance.reminder'"),
                "not yet: 90 minutes before the window");
        clock.advance(Duration.ofMinutes(31));
        Waiting.until(WAIT, "the reminder", () -> told.size() == 2);
        Delivery reminder = told.get(1);
        assertEquals(NotificationEvent.MAINTENANCE_REMINDER, reminder.notification().event());
        assertEquals(window.slug(), reminder.notification().incident().slug());
        assertEquals(List.of("1"), rows("select count(*) from statusstream_notifications where event = 'maintenance.reminder'"));
        assertEquals(2, told.size());
    }
}
