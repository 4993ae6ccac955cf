package dev.statusstream.server.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.DeliveryOutcome;
import dev.statusstream.internal.TargetAddresses;
import dev.statusstream.server.testing.HookSink;
import dev.statusstream.testing.FakeDns;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hooks' HTTP client against a real receiver on 127.0.0.1: it connects only to addresses the guard
 * let through, resolved once for the connection, so a name that resolves (or starts to resolve) inside
 * the network is refused when the request is made, not only when the subscriber was added.
 */
class HookPosterTest {
    private HookSink sink;

    @BeforeEach
    void startSink() {
        sink = HookSink.start();
    }

    @AfterEach
    void stopSink() {
        sink.close();
    }

    private int port() {
        return Integer.parseInt(sink.url("").replaceFirst(".*:", ""));
    }

    private static DeliveryOutcome post(TargetAddresses guard, String url) {
        try (HookPoster poster = HookPoster.start(guard, "test")) {
            return poster.post(url, "{}", Map.of("X-StatusStream-Event", "incident.opened"));
        }
    }

    @Test
    void localhost_is_refused_at_delivery_time_when_private_targets_are_not_allowed() {
        DeliveryOutcome outcome = post(TargetAddresses.of(false), "http://localhost:" + port() + "/hook");
        assertEquals(DeliveryOutcome.Result.RETRY, outcome.result());
        assertTrue(outcome.detail().startsWith("refused: 'localhost' resolves to 127.0.0.1"), outcome.detail());
        assertEquals(0, sink.hits().size());
    }

    @Test
    void a_name_that_starts_resolving_inside_the_network_after_its_check_is_refused_when_connecting() throws Exception {
        // the first answer (when the subscriber is added) is public; every later one is loopback
        var guard = new TargetAddresses(false, FakeDns.rebinding(new AtomicInteger(), FakeDns.LOOPBACK));
        String url = "http://rebind.example.test:" + port() + "/hook";
        guard.check("url", url);
        DeliveryOutcome outcome = post(guard, url);
        assertEquals(DeliveryOutcome.Result.RETRY, outcome.result());
        assertTrue(outcome.detail().startsWith("refused: 'rebind.example.test' resolves to 127.0.0.1"), outcome.detail());
        assertEquals(0, sink.hits().size(), "nothing reached the address inside");
    }

    @Test
    void the_connection_goes_to_the_address_the_guard_returned_and_keeps_the_urls_host() {
        // a name no DNS knows: only the guard's resolver can have given the client its address
        var guard = new TargetAddresses(true, FakeDns.only("hooks.example.test", FakeDns.LOOPBACK));
        DeliveryOutcome outcome = post(guard, "http://hooks.example.test:" + port() + "/hook");
        assertEquals(DeliveryOutcome.Result.DELIVERED, outcome.result(), outcome.detail());
        assertEquals(1, sink.hits().size());
        assertEquals("hooks.example.test:" + port(), sink.hits().getFirst().header("Host"));
        assertEquals("incident.opened", sink.hits().getFirst().header("X-StatusStream-Event"));
    }
}
