package dev.statusstream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The script's own way back when the browser gives up on the stream (a 503, as from a node over its stream
 * limit): it polls {@code /api/status}, retries the stream with growing delays, and says so truthfully.
 * A recording proxy in front of the node refuses the stream and records when each attempt came.
 */
class StreamRefusedBrowserTest extends BrowserTest {
    private static final String STREAM = "/api/status/stream";

    private Site site;
    private RecordingProxy proxy;

    @BeforeEach
    void startSite() {
        site = Site.start();
        site.cli("service", "add", "api", "--label", "Public API");
        site.cli("service", "add", "db", "--label", "Database");
        proxy = RecordingProxy.to(site.port());
    }

    @AfterEach
    void stopSite() {
        browser.cdp("Network.enable", Map.of());
        browser.cdp("Network.emulateNetworkConditions", online(true));
        proxy.close();
        site.close();
    }

    private List<RecordingProxy.Exchange> refusedStreams() {
        return proxy.exchanges().stream()
                .filter(e -> e.path().startsWith(STREAM) && String.valueOf(e.statusLine).startsWith("HTTP/1.1 503"))
                .toList();
    }

    private long polls() {
        return proxy.exchanges().stream().filter(e -> e.path().equals("/api/status")).count();
    }

    private static Map<String, Object> online(boolean online) {
        return Map.of("offline", !online, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1);
    }

    @Test
    void a_refused_stream_is_retried_with_growing_delays_while_polling_keeps_the_page_current_and_it_returns_to_live() {
        browser.open("http://127.0.0.1:" + proxy.port() + "/");
        browser.awaitConnection("live", Duration.ofSeconds(5));

        // the open stream is cut; the browser retries it by itself, gets 503 and gives up for good
        proxy.refuseStreams(true);
        browser.await(Duration.ofSeconds(10), "a refused stream, then a poll of /api/status",
                d -> !refusedStreams().isEmpty() && polls() >= 1);
        long firstPolls = polls();

        // only the next poll, 30 s after the first, can bring this: every stream attempt is refused
        site.cli("service", "set", "db", "degraded", "--summary", "Replica lag");
        Set<String> shown = new LinkedHashSet<>();
        browser.await(Duration.ofSeconds(40), "the change brought by polling", d -> {
            shown.add(browser.connection());
            return "Degraded".equals(browser.text("li.service[data-id='db'] .badge"));
        });
        assertEquals("Replica lag", browser.text("li.service[data-id='db'] .summary"));
        assertTrue(polls() > firstPolls, "polled again: " + polls() + " polls");
        assertEquals(Set.of("reconnecting"), shown,
                "while polling works the indicator says reconnecting the whole time (it never says live or offline)");
        assertEquals("Reconnecting…", browser.text("#connection .text"));

        // the attempts: the browser's own retry, then the script's backoff of 1-2 s, 2-4 s, 4-8 s, 8-16 s ...
        List<RecordingProxy.Exchange> attempts = refusedStreams();
        assertTrue(attempts.size() >= 4, attempts.size() + " stream attempts in 30 s");
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < attempts.size(); i++) {
            gaps.add(Duration.ofNanos(attempts.get(i).arrivedNanos - attempts.get(i - 1).arrivedNanos).toMillis());
        }
        System.out.println("Refused stream attempts " + attempts.size() + ", gaps in ms " + gaps);
        for (int i = 0; i < gaps.size(); i++) {
            long ceiling = 1000L << (i + 1);
            // a timer never fires early; it may fire late on a busy machine, hence the slack above only
            assertTrue(gaps.get(i) >= ceiling / 2 - 50 && gaps.get(i) <= ceiling + 3000,
                    "attempt " + (i + 2) + " came " + gaps.get(i) + " ms after the one before, not within "
                            + ceiling / 2 + "-" + ceiling + " ms: " + gaps);
            if (i >= 2) {
                assertTrue(gaps.get(i) > gaps.get(i - 2), "the delays grow: " + gaps);
            }
        }

        // both the stream and polling fail: now, and only now, the page says offline
        browser.cdp("Network.enable", Map.of());
        browser.cdp("Network.emulateNetworkConditions", online(false));
        browser.awaitConnection("offline", Duration.ofSeconds(5));
        assertEquals("Offline (showing last known status)", browser.text("#connection .text"));

        // the stream answers 200 again; back online the script tries it at once instead of at the end of the delay
        proxy.refuseStreams(false);
        browser.cdp("Network.emulateNetworkConditions", online(true));
        browser.awaitConnection("live", Duration.ofSeconds(10));
        assertEquals("Live", browser.text("#connection .text"));
        site.cli("service", "set", "api", "outage");
        browser.await(Duration.ofSeconds(3), "a change over the stream again",
                d -> "Outage".equals(browser.text("li.service[data-id='api'] .badge")));
    }
}
