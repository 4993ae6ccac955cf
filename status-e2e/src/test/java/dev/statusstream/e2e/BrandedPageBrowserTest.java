package dev.statusstream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page with branding (name, logo, accent colour, links) and a postmortem, in Chromium: axe-core finds
 * no serious or critical violation on the front page, an incident page and the history, light and dark,
 * desktop and phone; a postmortem appears on an open incident page without a reload; screenshots are saved
 * under target/screenshots.
 */
class BrandedPageBrowserTest {
    private static Browser browser;
    private static Site site;
    private static String resolved;
    @TempDir
    static Path files;

    @BeforeAll
    static void seed() throws Exception {
        site = Site.start();
        site.cli("service", "add", "api", "--label", "Public API", "--category", "Platform");
        site.cli("service", "add", "db", "--label", "Database", "--category", "Storage");
        Path logo = Files.writeString(files.resolve("acme.svg"), """
                <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="14" fill="#064"/>
                <path d="M9 22 16 8l7 14z" fill="#fff"/></svg>""");
        site.cli("branding", "set", "--name", "Acme Status", "--accent", "#0a7", "--logo", logo.toString(),
                "--home-url", "https://acme.example/", "--support-url", "mailto:help@acme.example");
        resolved = site.cli("incident", "open", "--title", "Slow database", "--impact", "degraded", "--services", "db",
                "--body", "Queries are slow; we are looking.");
        site.cli("incident", "resolve", resolved, "--body", "An index was rebuilt; queries are fast again.");
        site.cli("incident", "postmortem", resolved, "--body",
                "A nightly job dropped an index.\n\nThe job now checks indexes before it runs, and we alert on slow queries.");
        site.cli("incident", "open", "--title", "API errors", "--impact", "outage", "--services", "api", "--body", "Investigating");
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        site.close();
    }

    private void check(String path, int width, boolean phone, boolean dark, String name) {
        browser.emulate(width, phone, dark);
        try {
            browser.open(site.url(path));
            assertEquals("Acme Status", browser.text("header.site .brand a"), name);
            assertEquals(List.of(), Axe.serious(browser), name + ": serious or critical accessibility violations");
            System.out.println("screenshot: " + browser.screenshot("branded-" + name).toAbsolutePath());
        } finally {
            browser.resetEmulation();
        }
    }

    @Test
    void the_branded_pages_have_no_serious_or_critical_accessibility_violation() {
        check("/?lang=en", 1280, false, false, "desktop");
        check("/", 375, true, true, "phone-dark");
        check("/incidents/" + resolved, 1280, false, false, "postmortem");
        check("/incidents/" + resolved, 375, true, true, "postmortem-phone-dark");
        check("/history", 1280, false, false, "history");
    }

    @Test
    void the_check_finds_a_violation_when_there_is_one() {
        browser.open("data:text/html,<html><body><img src='x.png'><p style='color:%23eee'>faint</p></body></html>");
        List<String> found = Axe.serious(browser);
        assertTrue(found.stream().anyMatch(v -> v.contains("image-alt")), found.toString());
    }

    @Test
    void the_header_wears_the_accent_with_readable_text_and_the_logo_loads() {
        browser.open(site.url("/"));
        assertEquals("rgb(0, 170, 119)", browser.js("return getComputedStyle(document.querySelector('header.site')).backgroundColor"));
        assertEquals("rgb(0, 0, 0)", browser.js("return getComputedStyle(document.querySelector('header.site .brand a')).color"));
        assertEquals(Boolean.TRUE, browser.js("var i = document.querySelector('header.site img.logo'); return i.complete && i.naturalWidth > 0"));
    }

    @Test
    void a_postmortem_appears_on_an_open_incident_page_without_a_reload() {
        String slug = site.cli("incident", "open", "--title", "Login failures", "--impact", "outage", "--services", "api");
        site.cli("incident", "resolve", slug);
        browser.open(site.url("/incidents/" + slug));
        browser.awaitConnection("live", Duration.ofSeconds(5));
        browser.js("window.notReloaded = true");
        site.cli("incident", "postmortem", slug, "--body", "A certificate expired.\n\nWe now renew them a month early.");
        browser.await(Duration.ofSeconds(5), "the postmortem to appear", d -> !browser.findAll("#postmortem").isEmpty());
        assertTrue(browser.text("#postmortem").contains("We now renew them a month early."));
        assertEquals(Boolean.TRUE, browser.js("return window.notReloaded === true"));
    }
}
