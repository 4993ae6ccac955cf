package dev.statusstream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/** The uptime bars by keyboard on a phone, and on a page left open past midnight UTC. */
class UptimeBarsBrowserTest extends BrowserTest {
    private Site site;

    @BeforeEach
    void startSite() {
        site = Site.start();
        site.cli("service", "add", "api", "--label", "Public API");
        site.cli("service", "add", "web", "--label", "Website");
    }

    @AfterEach
    void stopSite() {
        site.close();
    }

    private void press(CharSequence keys) {
        new Actions(browser.driver()).sendKeys(keys).perform();
    }

    private WebElement focused() {
        return browser.driver().switchTo().activeElement();
    }

    private String serviceOf(WebElement element) {
        return (String) browser.js("var s = arguments[0].closest('.service'); return s && s.getAttribute('data-id')", element);
    }

    private void assertFocusOn(String service, LocalDate day) {
        WebElement cell = focused();
        assertEquals(service + " " + day, serviceOf(cell) + " " + cell.getAttribute("data-day"));
        assertTrue(cell.isDisplayed(), "the focused day is on screen");
        assertEquals("0", cell.getAttribute("tabindex"), "the focused day is the bar's tab stop");
        assertTrue(cell.findElement(By.cssSelector(".tip")).getRect().getWidth() > 40, "its details are shown");
    }

    @Test
    void on_a_375px_phone_the_keys_move_only_among_the_30_days_shown_and_the_bar_stays_reachable() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        browser.emulate(375, true, false);
        browser.open(site.url("/"));
        assertEquals(30L, browser.js("return Array.prototype.filter.call(document.querySelectorAll("
                + "\"li.service[data-id='api'] .day\"), function (d) { return d.getClientRects().length; }).length"));

        for (int tabs = 0; tabs < 20 && serviceOf(focused()) == null; tabs++) {
            press(Keys.TAB);
        }
        assertFocusOn("api", today);
        press(Keys.HOME);
        assertFocusOn("api", today.minusDays(29));
        press(Keys.ARROW_LEFT);
        assertFocusOn("api", today.minusDays(29));
        press(Keys.ARROW_RIGHT);
        assertFocusOn("api", today.minusDays(28));
        press(Keys.END);
        assertFocusOn("api", today);
        press(Keys.HOME);
        assertFocusOn("api", today.minusDays(29));

        // Tab on to the next bar and Shift+Tab back: the bar's one tab stop is where the keys left it
        press(Keys.TAB);
        assertFocusOn("web", today);
        new Actions(browser.driver()).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        assertFocusOn("api", today.minusDays(29));
    }

    @Test
    void a_page_left_open_past_midnight_utc_takes_the_new_days_bars_and_a_service_added_meanwhile_gets_one() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        browser.open(site.url("/"));
        browser.awaitConnection("live", Duration.ofSeconds(5));
        browser.js("window.notReloaded = true");
        site.cli("service", "add", "queue", "--label", "Queue");
        browser.await(Duration.ofSeconds(2), "the new service on the page",
                d -> !browser.findAll("li.service[data-id='queue']").isEmpty());
        assertTrue(browser.findAll("li.service[data-id='queue'] .uptime").isEmpty(), "no bar until the bars are fetched");

        // as a page rendered yesterday: its bars end with yesterday (no clock is changed, so the server's bars
        // are today's); the page checks the day at midnight UTC, every ten minutes and whenever it is shown again
        browser.js("var days = document.querySelectorAll('#services .day.today');"
                + "for (var i = 0; i < days.length; i++) days[i].setAttribute('data-day', arguments[0]);"
                + "document.dispatchEvent(new Event('visibilitychange'))", today.minusDays(1).toString());

        browser.await(Duration.ofSeconds(5), "the bars fetched again, with one for the new service",
                d -> browser.findAll("li.service[data-id='queue'] .bar .day").size() == 90);
        for (String service : new String[] {"api", "web", "queue"}) {
            assertEquals(today.toString(), browser.find("li.service[data-id='" + service + "'] .day.today")
                    .getAttribute("data-day"), service);
        }
        assertEquals(1, browser.findAll("li.service[data-id='api'] .uptime").size(), "the bar was replaced, not added");
        assertEquals(Boolean.TRUE, browser.js("return window.notReloaded === true"), "the page was not reloaded");
    }
}
