package dev.statusstream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/** With JavaScript off the page is still complete: everything is in the server's HTML. */
class NoScriptBrowserTest {
    private Browser browser;
    private Site site;

    @BeforeEach
    void start() {
        browser = Browser.start(false);
        site = Site.start();
    }

    @AfterEach
    void stop() {
        site.close();
        browser.close();
    }

    @Test
    void without_javascript_the_whole_page_is_there() {
        site.cli("service", "add", "api", "--label", "Public API", "--category", "Platform");
        site.cli("service", "add", "db", "--label", "Database", "--category", "Storage");
        site.cli("service", "set", "api", "degraded", "--summary", "Elevated latency");
        String slug = site.cli("incident", "open", "--title", "API latency", "--impact", "degraded", "--services", "api",
                "--body", "Investigating");
        site.cli("incident", "update", slug, "--state", "identified", "--body", "A bad deploy");
        String old = site.cli("incident", "open", "--title", "DB blip", "--impact", "outage", "--services", "db");
        site.cli("incident", "resolve", old, "--body", "Recovered");
        Instant soon = Instant.now().plus(Duration.ofHours(5));
        site.status().openIncident(NewIncident.maintenance(LocalizedText.of("en", "Storage upgrade"), List.of("db"),
                LocalizedText.of("en", "Planned"), soon, soon.plus(Duration.ofHours(1))));

        browser.open(site.url("/"));
        assertEquals(Boolean.FALSE, browser.js("return typeof window.EventSource !== 'undefined' && "
                + "document.getElementById('connection').getAttribute('data-state') !== 'static'"),
                "the page script did not run");
        // (Selenium never reports <noscript> text as visible, so ask the page what it renders)
        assertEquals("This page updates itself when JavaScript is on; reload to see changes.",
                browser.js("return document.getElementById('connection').innerText.trim()"));
        assertEquals("Some systems degraded", browser.text("#overall .overall-text"));
        assertEquals(List.of("Public API", "Database"), browser.findAll(".service .name").stream().map(WebElement::getText).toList());
        assertEquals("Degraded", browser.text("li.service[data-id='api'] .badge"));
        assertEquals("Elevated latency", browser.text("li.service[data-id='api'] .summary"));
        assertTrue(browser.text("li.service[data-id='api'] .since").matches("Since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC"),
                browser.text("li.service[data-id='api'] .since"));
        assertEquals(90, browser.findAll("li.service[data-id='api'] .day").size());
        assertEquals(List.of("A bad deploy", "Investigating"),
                browser.findAll("#incidents .update .body").stream().map(WebElement::getText).toList());
        assertEquals("Storage upgrade", browser.text("#maintenance .incident-title"));
        assertEquals("Scheduled", browser.text("#maintenance .badge"));
        assertEquals("DB blip", browser.text("#past .incident-title"));
        assertEquals("2 updates", browser.text("#past .timeline summary"));

        browser.find("#past .incident-title a").click();
        assertEquals("DB blip", browser.text("h1.incident-title"));
        assertEquals(List.of("Resolved", "Investigating"),
                browser.findAll(".update .update-state").stream().map(WebElement::getText).toList());
        assertEquals("Recovered", browser.text(".update .body"));
    }
}
