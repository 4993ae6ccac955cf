package dev.statusstream.automation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.Monitor;
import dev.statusstream.Status;
import dev.statusstream.automation.internal.Probe;
import dev.statusstream.internal.TargetAddresses;
import dev.statusstream.testing.FakeDns;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One HTTP check against a real target, with the guard's resolver standing in for DNS. */
class ProbeTest {
    private Target target;

    @BeforeEach
    void start() throws Exception {
        target = new Target();
        target.answer("/health", 200, "all good", 0);
    }

    @AfterEach
    void stop() {
        target.close();
    }

    private String url(String host) {
        return target.url("/health").replace("127.0.0.1", host);
    }

    private static Monitor http(String url, String bodyContains) {
        return new Monitor("api-http", "api", Monitor.Kind.HTTP, url, Duration.ofSeconds(30), null, Duration.ofSeconds(2),
                200, 299, bodyContains, 1, 1, Status.OUTAGE, false, Monitor.State.UP, null, null, Instant.now());
    }

    @Test
    void the_connection_goes_to_the_address_the_guard_returned_not_to_a_second_lookup() {
        // a name no DNS knows: only the guard's resolver can have given the client its address
        var guard = new TargetAddresses(true, FakeDns.only("checks.example.test", FakeDns.LOOPBACK));
        try (var probe = new Probe(guard)) {
            Probe.Outcome outcome = probe.run(http(url("checks.example.test"), "good"));
            assertNull(outcome.error());
            assertTrue(outcome.ok());
        }
        assertEquals(1, target.hits("/health").size());
    }

    @Test
    void a_name_that_starts_resolving_to_the_metadata_address_after_it_was_added_fails_the_check_when_connecting() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        // the first answer (when the monitor is added) is public; every later one is the cloud's metadata address
        var guard = new TargetAddresses(false, FakeDns.rebinding(lookups, FakeDns.METADATA));
        String url = "http://rebind.example.test/latest/meta-data";
        guard.check("http", url);
        try (var probe = new Probe(guard)) {
            Probe.Outcome outcome = probe.run(http(url, null));
            assertEquals("refused target: 'rebind.example.test' resolves to 169.254.169.254, a private, loopback, "
                    + "link-local or reserved address (set STATUS_ALLOW_PRIVATE_TARGETS=true to allow it)", outcome.error());
        }
        assertEquals(2, lookups.get(), "one lookup when added, one when connecting");
    }

    @Test
    void private_targets_are_reached_when_the_setting_allows_them() {
        try (var probe = new Probe(TargetAddresses.of(true))) {
            assertTrue(probe.run(http(url("localhost"), null)).ok());
        }
        try (var probe = new Probe(TargetAddresses.of(false))) {
            String error = probe.run(http(url("localhost"), null)).error();
            assertTrue(error.startsWith("refused target: 'localhost' resolves to 127.0.0.1"), error);
        }
        assertEquals(1, target.hits("/health").size());
    }
}
