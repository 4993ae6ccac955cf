package dev.statusstream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WindowType;

/**
 * In production mode (STATUS_MODE=production) the page's own same-origin EventSource is accepted, and a page of
 * another origin is refused. A recording proxy captures what Chromium actually sent.
 */
class ProductionOriginBrowserTest {
    private Browser browser;
    private Site site;
    private RecordingProxy proxy;

    @BeforeEach
    void start() {
        site = Site.start(Map.of("STATUS_MODE", "production", "STATUS_ALLOWED_ORIGINS", "https://status.example.com"));
        site.cli("service", "add", "api", "--label", "Public API");
        proxy = RecordingProxy.to(site.port());
        browser = Browser.start();
    }

    @AfterEach
    void stop() {
        browser.close();
        proxy.close();
        site.close();
    }

    @Test
    void the_pages_own_event_source_is_accepted_in_production_and_a_foreign_page_is_refused() throws IOException {
        String origin = "http://127.0.0.1:" + proxy.port();
        browser.open(origin + "/");
        browser.awaitConnection("live", Duration.ofSeconds(5));
        site.cli("service", "set", "api", "outage");
        browser.await(Duration.ofSeconds(2), "the change over the production stream",
                d -> "Outage".equals(browser.text("li.service[data-id='api'] .badge")));

        RecordingProxy.Exchange stream = proxy.exchanges().stream()
                .filter(e -> e.path().startsWith("/api/status/stream")).findFirst().orElseThrow();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "stream-request-headers.txt"), stream + "\n");
        System.out.println("What Chromium sent for the page's EventSource:\n" + stream);
        assertEquals("HTTP/1.1 200 OK", stream.statusLine);
        assertFalse(stream.headers.containsKey("origin"), "a same-origin GET carries no Origin: " + stream);
        assertEquals("same-origin", stream.headers.get("sec-fetch-site"));
        assertEquals("cors", stream.headers.get("sec-fetch-mode"));
        assertEquals("empty", stream.headers.get("sec-fetch-dest"));
        assertEquals("text/event-stream", stream.headers.get("accept"));
        assertTrue(stream.headers.getOrDefault("referer", "").startsWith(origin + "/"), stream.toString());

        // the status page itself may connect only to its own origin (Content-Security-Policy: connect-src 'self')
        String other = "new EventSource('http://localhost:' + arguments[0] + '/api/status/stream')";
        browser.js("window.elsewhere = " + other, proxy.port());
        browser.await(Duration.ofSeconds(5), "the blocked EventSource to be closed",
                d -> Long.valueOf(2).equals(browser.js("return window.elsewhere.readyState")));
        assertTrue(proxy.exchanges().stream().noneMatch(e -> e.headers.containsKey("origin")),
                "the page's policy kept the browser from sending it: " + proxy.exchanges());

        // a page of another origin (localhost is not 127.0.0.1), in a second tab: a document without that
        // policy (the snapshot's JSON) on 127.0.0.1 opens the server's stream as localhost; refused, and the
        // browser gives up
        String statusPage = browser.driver().getWindowHandle();
        browser.driver().switchTo().newWindow(WindowType.TAB);
        browser.open(origin + "/api/status");
        browser.js("window.foreign = " + other, proxy.port());
        browser.await(Duration.ofSeconds(5), "the foreign EventSource to be closed for good",
                d -> Long.valueOf(2).equals(browser.js("return window.foreign.readyState")));
        RecordingProxy.Exchange foreign = proxy.exchanges().stream()
                .filter(e -> e.headers.containsKey("origin")).findFirst().orElseThrow();
        System.out.println("What Chromium sent for a foreign page's EventSource:\n" + foreign);
        assertEquals(origin, foreign.headers.get("origin"));
        assertEquals("cross-site", foreign.headers.get("sec-fetch-site"));
        assertEquals("HTTP/1.1 403 Forbidden", foreign.statusLine);
        browser.driver().close();
        browser.driver().switchTo().window(statusPage);
        assertEquals("live", browser.connection(), "the page's own stream is unaffected");
    }
}
