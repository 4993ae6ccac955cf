package dev.statusstream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.Change;
import dev.statusstream.Incident;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** What the script draws matches what the server draws; times, languages and the uptime bars in a browser. */
class PageRenderingBrowserTest extends BrowserTest {
    private Site site;

    @BeforeEach
    void startSite() {
        site = Site.start();
        site.cli("service", "add", "api", "--label", "Public API", "--label", "ja=公開API", "--category", "Platform",
                "--description", "REST and GraphQL");
        site.cli("service", "add", "web", "--label", "Website", "--category", "Platform");
        site.cli("service", "add", "db", "--label", "Database");
    }

    @AfterEach
    void stopSite() {
        site.close();
    }

    private void awaitVersion(long version) {
        browser.await(Duration.ofSeconds(3), "the page at version " + version,
                d -> String.valueOf(version).equals(browser.find("#generated").getAttribute("data-version")));
    }

    @Test
    void the_script_renders_every_part_of_the_front_page_as_the_server_does() {
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
        site.status().openIncident(NewIncident.maintenance(LocalizedText.of("en", "Database upgrade"), List.of("db"),
                LocalizedText.of("en", "Read-only for ten minutes"), tomorrow, tomorrow.plus(Duration.ofHours(1))));
        String old = site.cli("incident", "open", "--title", "Login errors", "--impact", "degraded", "--services", "web",
                "--body", "Looking");
        site.cli("incident", "resolve", old, "--body", "Fixed");
        browser.open(site.url("/?lang=ja"));
        browser.awaitConnection("live", Duration.ofSeconds(5));

        // every section changes while the page is open, so the script redraws all of them
        site.cli("service", "set", "api", "outage", "--summary", "Requests fail", "--summary", "ja=リクエストが失敗");
        site.cli("service", "set", "web", "maintenance");
        String slug = site.cli("incident", "open", "--title", "API down", "--title", "ja=API 停止", "--impact", "outage",
                "--services", "api,db", "--body", "Investigating");
        site.cli("incident", "update", slug, "--state", "identified", "--body", "Bad deploy");
        String quick = site.cli("incident", "open", "--title", "Blip", "--impact", "degraded", "--services", "db");
        site.cli("incident", "resolve", quick);
        long version = site.status().openIncident(NewIncident.maintenance(LocalizedText.of("en", "Network work"),
                List.of("web"), LocalizedText.EMPTY, tomorrow.plus(Duration.ofDays(1)), tomorrow.plus(Duration.ofDays(2))))
                .version();
        awaitVersion(version);
        String drawnByScript = Markup.of(browser, "#main");

        browser.open(site.url("/"));
        browser.awaitConnection("live", Duration.ofSeconds(5));
        assertEquals("ja", browser.find("html").getAttribute("lang"), "the language stays in the cookie");
        assertEquals(drawnByScript, Markup.of(browser, "#main"));
        assertTrue(drawnByScript.contains("\"API 停止\"") && drawnByScript.contains("から"), drawnByScript);
    }

    @Test
    void the_incident_page_follows_its_incident_live_as_the_server_draws_it() {
        String slug = site.cli("incident", "open", "--title", "API down", "--impact", "outage", "--services", "api",
                "--body", "Investigating");
        browser.open(site.url("/incidents/" + slug));
        browser.awaitConnection("live", Duration.ofSeconds(5));
        assertEquals("API down", browser.text("h1.incident-title"));

        site.cli("incident", "update", slug, "--state", "monitoring", "--body", "A fix is out");
        site.cli("incident", "resolve", slug, "--body", "All good");
        browser.await(Duration.ofSeconds(2), "the resolution on the incident page",
                d -> "Resolved".equals(browser.text("#incident .incident-head .badge")));
        assertEquals(List.of("All good", "A fix is out", "Investigating"),
                browser.findAll("#incident .update .body").stream().map(WebElement::getText).toList());
        String drawnByScript = Markup.of(browser, "#incident");

        browser.open(site.url("/incidents/" + slug));
        assertEquals(drawnByScript, Markup.of(browser, "#incident"));
    }

    /** A maintenance window of thirty seconds, from {@code start}. */
    private Change<Incident> thirtySecondWindow(String title, Instant start) {
        return site.status().openIncident(NewIncident.maintenance(LocalizedText.of("en", title), List.of("db"),
                LocalizedText.EMPTY, start, start.plusSeconds(30)));
    }

    @Test
    void times_are_shown_in_the_readers_time_zone_with_the_zone_named() {
        // both ends of a span within one minute are written with seconds, as the page loads and as it changes
        Instant drill = LocalDate.now(ZoneOffset.UTC).plusDays(2).atTime(9, 17, 10).toInstant(ZoneOffset.UTC);
        String loaded = thirtySecondWindow("Failover drill", drill).value().slug();
        browser.cdp("Emulation.setTimezoneOverride", Map.of("timezoneId", "Asia/Tokyo"));
        try {
            browser.open(site.url("/?lang=en"));
            String window = browser.text("article[data-slug='" + loaded + "'] .window");
            assertTrue(window.contains("06:17:10 PM GMT+9") && window.contains("06:17:40 PM GMT+9"), window);
            browser.awaitConnection("live", Duration.ofSeconds(5));
            Change<Incident> live = thirtySecondWindow("Second drill", drill.plusSeconds(86_400));
            String drawn = "article[data-slug='" + live.value().slug() + "'] .window";
            browser.await(Duration.ofSeconds(3), "the second window drawn by the script",
                    d -> !d.findElements(By.cssSelector(drawn)).isEmpty());
            assertTrue(browser.text(drawn).contains("06:17:10 PM GMT+9") && browser.text(drawn).contains("06:17:40 PM GMT+9"),
                    browser.text(drawn));
            WebElement since = browser.find("li.service[data-id='api'] .since time");
            var tokyo = Instant.parse(since.getAttribute("datetime")).atZone(java.time.ZoneId.of("Asia/Tokyo"));
            String shown = since.getText();
            assertTrue(shown.contains("GMT+9"), shown);
            assertTrue(shown.contains(String.valueOf(tokyo.getDayOfMonth())), shown);
            assertTrue(shown.contains(String.format("%02d:%02d", tokyo.getHour() % 12 == 0 ? 12 : tokyo.getHour() % 12,
                    tokyo.getMinute())), shown);
            browser.open(site.url("/?lang=ja"));
            String japanese = browser.text("li.service[data-id='api'] .since");
            assertTrue(japanese.contains("JST") && japanese.endsWith("から"), japanese);
        } finally {
            browser.cdp("Emulation.setTimezoneOverride", Map.of("timezoneId", "UTC"));
        }
    }

    @Test
    void the_uptime_bar_colours_each_day_by_its_worst_status_and_tells_it_on_focus() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Instant now = Instant.now();
        Instant threeDaysAgo = today.minusDays(3).atTime(10, 0).toInstant(ZoneOffset.UTC);
        Instant tenDaysAgo = today.minusDays(10).atTime(22, 0).toInstant(ZoneOffset.UTC);
        try (var past = site.past()) {
            past.at(now.minus(Duration.ofDays(40))).status().addService(NewService.of("legacy", LocalizedText.of("en", "Legacy")));
            past.at(tenDaysAgo).status().setStatus("legacy", Status.DEGRADED, LocalizedText.of("en", "Slow"));
            past.at(tenDaysAgo.plus(Duration.ofMinutes(30))).status().setStatus("legacy", Status.OPERATIONAL, null);
            past.at(threeDaysAgo).status().setStatus("legacy", Status.OUTAGE, LocalizedText.of("en", "Down"));
            past.at(threeDaysAgo.plus(Duration.ofMinutes(125))).status().setStatus("legacy", Status.OPERATIONAL, null);
        }
        browser.open(site.url("/"));
        String bar = "li.service[data-id='legacy'] .bar ";
        assertEquals("day status-outage", browser.find(bar + "[data-day='" + today.minusDays(3) + "']").getAttribute("class"));
        assertEquals("day status-degraded", browser.find(bar + "[data-day='" + today.minusDays(10) + "']").getAttribute("class"));
        assertEquals("day status-operational", browser.find(bar + "[data-day='" + today.minusDays(4) + "']").getAttribute("class"));
        assertEquals("day status-none", browser.find(bar + "[data-day='" + today.minusDays(41) + "']").getAttribute("class"));
        // 125 minutes out of the time it has existed (not of 90 days), and said so. The last change was
        // days ago, so the bars are drawn as of the five-minute step of the clock the page was rendered in:
        // the time covered runs from the service's creation to the start of that step (the step seen before
        // or after the page was opened, when the page opened at a step's edge)
        Instant created = now.minus(Duration.ofDays(40));
        String added = java.time.format.DateTimeFormatter.ofPattern("MMM d, yyyy", java.util.Locale.ENGLISH)
                .format(created.atZone(ZoneOffset.UTC));
        java.util.Set<String> expected = new java.util.HashSet<>();
        for (Instant at : List.of(now, Instant.now())) {
            long step = Duration.ofMinutes(5).toMillis();
            Instant drawnAsOf = Instant.ofEpochMilli(at.toEpochMilli() / step * step);
            long covered = Duration.between(created, drawnAsOf).toMillis();
            expected.add(String.format(java.util.Locale.ROOT, "%.2f",
                    Math.floor((1.0 - (double) Duration.ofMinutes(125).toMillis() / covered) * 10_000) / 100)
                    + "% uptime since " + added);
        }
        String shown = browser.text("li.service[data-id='legacy'] .uptime-percent");
        assertTrue(expected.contains(shown), shown + " is one of " + expected);

        WebElement todayCell = browser.find(bar + ".day.today");
        assertEquals("0", todayCell.getAttribute("tabindex"), "one tab stop per bar: today");
        todayCell.click();
        todayCell.sendKeys(Keys.ARROW_LEFT, Keys.ARROW_LEFT, Keys.ARROW_LEFT);
        WebElement focused = browser.driver().switchTo().activeElement();
        assertEquals(today.minusDays(3).toString(), focused.getAttribute("data-day"));
        WebElement tip = focused.findElement(By.cssSelector(".tip"));
        assertTrue(tip.getRect().getWidth() > 40, "the focused day's details are shown");
        assertTrue(tip.getText().contains("Outage") && tip.getText().contains("Outage 2 h 5 min"), tip.getText());
        assertEquals("-1", todayCell.getAttribute("tabindex"));
        WebElement other = browser.find(bar + "[data-day='" + today.minusDays(10) + "'] .tip");
        assertTrue(other.getRect().getWidth() <= 1, "other days' details stay hidden (but are read by screen readers)");
        assertEquals("Degraded 30 min", (String) browser.js("return arguments[0].querySelector('.tip-detail').textContent",
                browser.find(bar + "[data-day='" + today.minusDays(10) + "']")));
    }
}
