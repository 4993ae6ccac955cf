package dev.statusstream.server.stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a delivery waits for before each send: the broadcasts being written to the streams, within a bound. */
class BroadcastsInFlightTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    private static CompletableFuture<Void> waiting(BroadcastsInFlight inFlight, Duration atMost) {
        return CompletableFuture.runAsync(() -> {
            try {
                inFlight.awaitNone(atMost);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
    }

    @Test
    void with_no_broadcast_in_flight_nothing_waits() throws Exception {
        var inFlight = new BroadcastsInFlight();
        inFlight.started();
        inFlight.finished();
        waiting(inFlight, LONG).get(5, TimeUnit.SECONDS);
    }

    @Test
    void a_wait_ends_when_the_last_broadcast_in_flight_finishes() throws Exception {
        var inFlight = new BroadcastsInFlight();
        inFlight.started();
        inFlight.started();
        CompletableFuture<Void> waiter = waiting(inFlight, LONG);
        inFlight.finished();
        assertFalse(waiter.isDone(), "one broadcast is still being written");
        inFlight.finished();
        waiter.get(5, TimeUnit.SECONDS);
    }

    @Test
    void a_wait_ends_after_its_bound_while_broadcasts_keep_going() throws Exception {
        var inFlight = new BroadcastsInFlight();
        inFlight.started();
        long started = System.nanoTime();
        waiting(inFlight, Duration.ofMillis(100)).get(5, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - started >= Duration.ofMillis(100).toNanos(), "it waited for its bound");
    }
}
