package dev.statusstream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/** The front page in a real browser, kept live while the operator works with the CLI. */
class LivePageBrowserTest extends BrowserTest {
    private Site site;

    @BeforeEach
    void startSite() {
        site = Site.start();
        site.cli("service", "add", "api", "--label", "Public API", "--category", "Platform");
        site.cli("service", "add", "web", "--label", "Website", "--category", "Platform");
        site.cli("service", "add", "db", "--label", "Database", "--category", "Storage");
    }

    @AfterEach
    void stopSite() {
        site.close();
    }

    private String badge(String service) {
        return browser.text("li.service[data-id='" + service + "'] .badge");
    }

    @Test
    void the_page_renders_the_services_grouped_and_the_indicator_turns_live() {
        browser.open(site.url("/"));
        assertEquals(List.of("Platform", "Storage"), browser.findAll(".group-name").stream().map(WebElement::getText).toList());
        assertEquals(List.of("Public API", "Website", "Database"),
                browser.findAll("li.service .name").stream().map(WebElement::getText).toList());
        assertEquals("Operational", badge("db"));
        assertEquals("All systems operational", browser.text("#overall .overall-text"));
        assertEquals(90, browser.findAll("li.service[data-id='api'] .bar .day").size());
        browser.awaitConnection("live", Duration.ofSeconds(5));
        assertEquals("Live", browser.text("#connection .text"));
    }

    @Test
    void a_status_change_made_with_the_cli_appears_within_two_seconds_without_a_reload() {
        browser.open(site.url("/"));
        browser.awaitConnection("live", Duration.ofSeconds(5));
        browser.js("window.notReloaded = true");

        long start = System.nanoTime();
        site.cli("service", "set", "api", "outage", "--summary", "Requests fail");
        browser.await(Duration.ofSeconds(2), "the outage on the page within 2 s",
                d -> "Outage".equals(badge("api")) && "Partial outage".equals(browser.text("#overall .overall-text")));
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        System.out.println("CLI status change visible in the browser after " + millis + " ms");

        assertEquals("Requests fail", browser.text("li.service[data-id='api'] .summary"));
        assertEquals(Boolean.TRUE, browser.js("return window.notReloaded === true"), "the page was not reloaded");
        assertTrue(browser.find("li.service[data-id='api'] .day.today").getAttribute("class").contains("status-outage"),
                "today's cell of the uptime bar turns to the worse status");
        assertTrue(browser.driver().getTitle().startsWith("Partial outage"));

        String slug = site.cli("incident", "open", "--title", "API down", "--impact", "outage", "--services", "api",
                "--body", "Investigating");
        browser.await(Duration.ofSeconds(2), "the incident on the page",
                d -> !d.findElements(org.openqa.selenium.By.cssSelector("#incidents article[data-slug='" + slug + "']")).isEmpty());
        site.cli("incident", "resolve", slug, "--body", "Rolled back");
        browser.await(Duration.ofSeconds(2), "the resolved incident among past incidents",
                d -> !d.findElements(org.openqa.selenium.By.cssSelector("#past article[data-slug='" + slug + "']")).isEmpty()
                        && "No active incidents.".equals(browser.text("#incidents .empty")));
        assertEquals("Resolved", browser.text("#past article[data-slug='" + slug + "'] .badge"));
    }

    @Test
    void an_incident_title_with_markup_shows_as_text_and_runs_nothing() {
        String title = "<img src=x onerror=alert(1)>";
        browser.open(site.url("/"));
        browser.awaitConnection("live", Duration.ofSeconds(5));
        String slug = site.cli("incident", "open", "--title", title, "--impact", "outage", "--services", "api",
                "--body", "<b>not bold</b><script>alert(2)</script>");
        browser.await(Duration.ofSeconds(2), "the incident on the page",
                d -> !d.findElements(org.openqa.selenium.By.cssSelector("#incidents article")).isEmpty());
        assertShownAsText(title);

        browser.open(site.url("/"));
        assertShownAsText(title);
        browser.open(site.url("/incidents/" + slug));
        assertEquals(title, browser.text("h1.incident-title"));
        assertNothingRan();
    }

    private void assertShownAsText(String title) {
        assertEquals(title, browser.text("#incidents .incident-title"));
        assertEquals("<b>not bold</b><script>alert(2)</script>", browser.text("#incidents .update .body"));
        assertNothingRan();
    }

    private void assertNothingRan() {
        assertEquals(0L, browser.js("return document.querySelectorAll('main img, main b, main script').length"));
        assertThrows(NoAlertPresentException.class, () -> browser.driver().switchTo().alert());
    }

    @Test
    void pages_left_behind_close_their_streams_so_the_next_page_still_loads() {
        // a page kept for the back button must not keep its stream: six open streams exhaust the browser's
        // connections to the site and the seventh page load waits (57 s before status.js closed them on pagehide)
        for (int visit = 0; visit < 9; visit++) {
            long start = System.nanoTime();
            browser.open(site.url("/?visit=" + visit));
            browser.awaitConnection("live", Duration.ofSeconds(5));
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(millis < 5000, "page " + (visit + 1) + " took " + millis + " ms to load and go live");
        }
    }

    @Test
    void stopping_the_server_shows_reconnecting_and_a_restart_brings_back_live_with_the_latest_data() {
        browser.open(site.url("/"));
        browser.awaitConnection("live", Duration.ofSeconds(5));
        int port = site.port();

        site.stopServer();
        browser.awaitConnection("reconnecting", Duration.ofSeconds(5));
        assertEquals("Reconnecting…", browser.text("#connection .text"));
        // changed while no server runs: the page can only learn it from the restarted server
        site.cli("service", "set", "db", "degraded", "--summary", "Replica lag");

        site.restartServer(port);
        browser.awaitConnection("live", Duration.ofSeconds(15));
        browser.await(Duration.ofSeconds(3), "the change made during the restart", d -> "Degraded".equals(badge("db")));
        assertEquals("Replica lag", browser.text("li.service[data-id='db'] .summary"));
    }
}
