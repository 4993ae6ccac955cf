package dev.statusstream.automation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.AddMonitor;
import dev.statusstream.Control;
import dev.statusstream.LocalizedText;
import dev.statusstream.Monitor;
import dev.statusstream.NewMonitor;
import dev.statusstream.NewService;
import dev.statusstream.SetControl;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.ValidationException;
import dev.statusstream.testing.MutableClock;
import dev.statusstream.testing.TestServices;
import dev.statusstream.testing.Waiting;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP and TCP checks against real targets in the test, run by a following instance's monitor loop. */
class ChecksTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private String databaseUrl;
    private StatusStream status;
    private Target target;

    @BeforeEach
    void start() throws Exception {
        databaseUrl = TestServices.newMigratedDatabase();
        status = StatusStream.create(StatusStreamConfig.defaults().withDatabaseUrl(databaseUrl).withAllowPrivateTargets(true));
        status.addService(NewService.of("api", LocalizedText.of("en", "API")));
        status.follow();
        target = new Target();
    }

    @AfterEach
    void stop() {
        status.close();
        target.close();
    }

    private Status apiStatus() {
        return status.service("api").orElseThrow().status();
    }

    private String apiSummary() {
        return status.service("api").orElseThrow().statusSummary().get("en");
    }

    private static NewMonitor http(String url, Duration timeout, int failures, String body) {
        return new NewMonitor("api", null, Monitor.Kind.HTTP, url, Duration.ofSeconds(2), null, timeout, 200, 299, body, failures, 1, null);
    }

    @Test
    void a_check_answered_with_500s_goes_down_after_three_failures_and_up_after_one_success() throws Exception {
        target.answer("/health", 500, "boom", 0);
        status.execute(new AddMonitor(http(target.url("/health"), Duration.ofSeconds(1), 3, null)));
        Waiting.until(WAIT, "three failures set an outage", () -> apiStatus() == Status.OUTAGE);
        assertTrue(target.hits("/health").size() >= 3, "not before the third failure: " + target.hits("/health").size());
        assertEquals("monitor api-http: 3 checks failed in a row, the last: HTTP 500 (expected 200-299)", apiSummary());

        target.answer("/health", 200, "ok", 0);
        Waiting.until(WAIT, "one success restores it", () -> apiStatus() == Status.OPERATIONAL);
        assertEquals("monitor api-http: up again", apiSummary().replaceAll(" \\(\\d+ ms\\)$", ""));

        try (var c = DriverManager.getConnection(databaseUrl);
             var rows = c.createStatement().executeQuery("""
                     select count(*) filter (where not ok), count(*) filter (where ok), min(latency_ms) >= 0,
                            (select sum(runs) from statusstream_check_hourly) from statusstream_check_results""")) {
            assertTrue(rows.next());
            assertTrue(rows.getInt(1) >= 3, "the failures are kept");
            assertTrue(rows.getInt(2) >= 1, "and the success");
            assertTrue(rows.getBoolean(3));
            assertEquals(rows.getInt(1) + rows.getInt(2), rows.getInt(4), "every run is in the hourly rollup");
        }
    }

    @Test
    void a_slow_answer_a_missing_text_and_no_answer_at_all_are_failures_naming_why() throws Exception {
        target.answer("/slow", 200, "ok", 1500);
        status.execute(new AddMonitor(http(target.url("/slow"), Duration.ofMillis(500), 1, null)));
        Waiting.until(WAIT, "a slow answer fails", () -> apiStatus() == Status.OUTAGE);
        assertEquals("monitor api-http: 1 check failed: no answer within 500ms", apiSummary());
        status.execute(new dev.statusstream.RemoveMonitor("api-http"));
        Waiting.until(WAIT, "removing the monitor restores the service", () -> apiStatus() == Status.OPERATIONAL);

        target.answer("/text", 200, "all good", 0);
        status.execute(new AddMonitor(http(target.url("/text"), Duration.ofSeconds(1), 1, "healthy")));
        Waiting.until(WAIT, "a missing text fails", () -> apiStatus() == Status.OUTAGE);
        assertEquals("monitor api-http: 1 check failed: HTTP 200 without the expected text", apiSummary());
        status.execute(new dev.statusstream.RemoveMonitor("api-http"));
        Waiting.until(WAIT, "restored", () -> apiStatus() == Status.OPERATIONAL);

        // a server that accepts the connection and never answers
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            status.execute(new AddMonitor(http("http://127.0.0.1:" + silent.getLocalPort() + "/", Duration.ofMillis(500), 1, null)));
            Waiting.until(WAIT, "no answer fails", () -> apiStatus() == Status.OUTAGE);
            assertEquals("monitor api-http: 1 check failed: no answer within 500ms", apiSummary());
        }
    }

    @Test
    void a_tcp_check_goes_down_when_its_port_closes_and_up_when_it_opens_again() throws Exception {
        ServerSocket port = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        int number = port.getLocalPort();
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    port.accept().close();
                }
            } catch (Exception e) {
                // closed
            }
        });
        status.execute(new AddMonitor(NewMonitor.tcp("api", "127.0.0.1:" + number, Duration.ofSeconds(2))));
        Waiting.until(WAIT, "the check ran", () -> status.automation().monitor("api-tcp").orElseThrow().lastSeenAt() != null);
        assertEquals(Status.OPERATIONAL, apiStatus());
        port.close();
        Waiting.until(WAIT, "three refused connections set an outage", () -> apiStatus() == Status.OUTAGE);
        assertEquals("monitor api-tcp: 3 checks failed in a row, the last: connection refused", apiSummary());
        try (ServerSocket again = new ServerSocket(number, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        again.accept().close();
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            Waiting.until(WAIT, "the port is back", () -> apiStatus() == Status.OPERATIONAL);
        }
    }

    @Test
    void an_operators_status_survives_ten_failing_and_recovering_checks_then_auto_hands_it_back() throws Exception {
        // the test runs each pass itself on a clock it moves, so ten rounds take no ten intervals of real time
        var clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
        status.close();
        try (StatusStream driven = StatusStream.builder()
                .config(StatusStreamConfig.defaults().withDatabaseUrl(databaseUrl).withAllowPrivateTargets(true))
                .clock(clock).build()) {
            driven.setStatus("api", Status.DEGRADED, LocalizedText.of("en", "We are looking into it"));
            target.answer("/flappy", 500, "", 0);
            driven.execute(new AddMonitor(http(target.url("/flappy"), Duration.ofSeconds(1), 1, null)));
            for (int i = 0; i < 10; i++) {
                int hits = target.hits("/flappy").size();
                boolean failing = i % 2 == 0;
                target.answer("/flappy", failing ? 500 : 200, "", 0);
                clock.advance(Duration.ofSeconds(2));
                assertEquals(1, driven.automation().runDue(), "round " + i + ": the check is due");
                Waiting.until(WAIT, "the check ran again", () -> target.hits("/flappy").size() > hits);
                Monitor.State wanted = failing ? Monitor.State.DOWN : Monitor.State.UP;
                Waiting.until(WAIT, "the monitor is " + wanted, () -> driven.automation().monitor("api-http").orElseThrow().state() == wanted);
                assertEquals(Status.DEGRADED, driven.service("api").orElseThrow().status(), "round " + i + ": the operator's status stands");
            }
            assertEquals("We are looking into it", driven.service("api").orElseThrow().statusSummary().get("en"));
            // the monitor is up now; handing back changes nothing until it next reports a change
            driven.execute(new SetControl("api", Control.AUTOMATIC));
            assertEquals(Status.DEGRADED, driven.service("api").orElseThrow().status());
            target.answer("/flappy", 500, "", 0);
            clock.advance(Duration.ofSeconds(2));
            assertEquals(1, driven.automation().runDue());
            Waiting.until(WAIT, "automation sets it again", () -> driven.service("api").orElseThrow().status() == Status.OUTAGE);
        }
    }

    @Test
    void a_check_aimed_at_a_private_address_is_refused_unless_allowed() {
        try (StatusStream guarded = StatusStream.create(StatusStreamConfig.defaults().withDatabaseUrl(databaseUrl))) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(ValidationException.class,
                    () -> guarded.execute(new AddMonitor(http(target.url("/health"), Duration.ofSeconds(1), 3, null))));
            assertEquals("http", e.field());
            assertTrue(e.getMessage().contains("STATUS_ALLOW_PRIVATE_TARGETS"), e.getMessage());
            e = org.junit.jupiter.api.Assertions.assertThrows(ValidationException.class,
                    () -> guarded.execute(new AddMonitor(NewMonitor.tcp("api", "169.254.169.254:80", Duration.ofSeconds(30)))));
            assertEquals("tcp", e.field());
        }
    }

    @Test
    void a_checked_service_whose_checks_have_not_run_for_three_intervals_becomes_unknown() throws Exception {
        var clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
        // an instance that does not follow runs no monitor loop: only the passes the test asks for
        try (StatusStream idle = StatusStream.builder()
                .config(StatusStreamConfig.defaults().withDatabaseUrl(databaseUrl).withAllowPrivateTargets(true))
                .clock(clock).build()) {
            status.close();
            idle.addService(NewService.of("web", LocalizedText.of("en", "Web")));
            target.answer("/down", 500, "", 0);
            idle.execute(new AddMonitor(new NewMonitor("web", null, Monitor.Kind.HTTP, target.url("/down"), Duration.ofSeconds(10),
                    null, Duration.ofSeconds(1), 200, 299, null, 3, 1, null)));
            clock.advance(Duration.ofSeconds(29));
            idle.automation().runDue();
            assertEquals(Status.OPERATIONAL, idle.service("web").orElseThrow().status(), "within three intervals of its creation");
            Waiting.until(WAIT, "the first run is recorded", () -> idle.automation().monitor("web-http").orElseThrow().lastSeenAt() != null);
            clock.advance(Duration.ofSeconds(31));
            idle.automation().runDue();
            assertEquals(Status.UNKNOWN, idle.service("web").orElseThrow().status());
            assertEquals("monitor web-http: no check has run for three intervals",
                    idle.service("web").orElseThrow().statusSummary().get("en"));
        }
    }
}
