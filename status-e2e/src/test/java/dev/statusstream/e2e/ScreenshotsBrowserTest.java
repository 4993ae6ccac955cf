package dev.statusstream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.IncidentState;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The page as people see it, on a desktop and a 375 px phone, light and dark, English and Japanese: it fits,
 * its text has enough contrast, and screenshots are saved under target/screenshots for review.
 */
class ScreenshotsBrowserTest {
    private static Browser browser;
    private static Site site;
    private static String incident;

    /** Text colour against the colour behind it, for every visible text element: WCAG AA asks 4.5:1. */
    private static final String LOW_CONTRAST = """
            function rgb(c) { var m = c.match(/[\\d.]+/g).map(Number); return m; }
            function lum(c) {
              var v = rgb(c).slice(0, 3).map(function (x) { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
              return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
            }
            function background(el) {
              for (; el; el = el.parentElement) {
                var c = getComputedStyle(el).backgroundColor, a = rgb(c);
                if (a.length < 4 || a[3] > 0) return c;
              }
              return "rgb(255, 255, 255)";
            }
            var bad = [];
            document.querySelectorAll("main *, header *, footer *").forEach(function (el) {
              var own = Array.prototype.some.call(el.childNodes, function (n) { return n.nodeType === 3 && n.nodeValue.trim(); });
              if (!own || !el.getClientRects().length || el.closest(".tip")) return;
              var a = lum(getComputedStyle(el).color), b = lum(background(el));
              var ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
              if (ratio < 4.5) bad.push(el.tagName + "." + el.className + " '" + el.textContent.trim().slice(0, 30) + "' " + ratio.toFixed(2));
            });
            return bad;
            """;

    @BeforeAll
    static void seed() {
        site = Site.start();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try (var past = site.past()) {
            past.at(Instant.now().minus(Duration.ofDays(120)));
            service(past, "api", "Platform", "Public API", "公開API");
            service(past, "web", "Platform", "Website", "ウェブサイト");
            service(past, "auth", "Platform", "Sign-in", "ログイン");
            service(past, "db", "Storage", "Database", "データベース");
            service(past, "files", "Storage", "File storage", "ファイル保存");
            spell(past, "api", Status.DEGRADED, day(today, 52, 9), 20);
            spell(past, "auth", Status.OUTAGE, day(today, 70, 4), 15);
            spell(past, "api", Status.DEGRADED, day(today, 17, 14), 180);
            spell(past, "db", Status.MAINTENANCE, day(today, 30, 2), 60);
            spell(past, "db", Status.DEGRADED, day(today, 8, 11), 120);
            spell(past, "api", Status.OUTAGE, day(today, 3, 10), 47);
            pastIncident(past, "api", Status.OUTAGE, day(today, 3, 10), "API errors", "API エラー", 47);
            pastIncident(past, "db", Status.DEGRADED, day(today, 8, 11), "Slow database queries", "データベースの遅延", 120);
        }
        site.cli("service", "set", "api", "degraded", "--summary", "Elevated error rate on writes",
                "--summary", "ja=書き込みのエラー率が上昇しています");
        incident = site.cli("incident", "open", "--title", "Elevated error rate for writes", "--title", "ja=書き込みエラーの増加",
                "--impact", "degraded", "--services", "api", "--body", "We are looking into failed writes.",
                "--body", "ja=書き込みの失敗を調査しています。");
        site.cli("incident", "update", incident, "--state", "identified", "--body",
                "A configuration change overloaded one database shard; we are moving traffic off it.",
                "--body", "ja=設定変更により 1 つのシャードが過負荷になりました。トラフィックを移しています。");
        Instant tomorrow = today.plusDays(1).atTime(2, 0).toInstant(ZoneOffset.UTC);
        site.status().openIncident(NewIncident.maintenance(LocalizedText.of("en", "Database upgrade").merge(
                LocalizedText.of("ja", "データベースのアップグレード")), List.of("db"),
                LocalizedText.of("en", "Writes pause for up to ten minutes."), tomorrow, tomorrow.plus(Duration.ofHours(1))));
        browser = Browser.start();
    }

    private static Instant day(LocalDate today, int daysAgo, int hour) {
        return today.minusDays(daysAgo).atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }

    private static void service(Site.PastWriter past, String id, String category, String en, String ja) {
        past.status().addService(new NewService(id, LocalizedText.of("en", en).merge(LocalizedText.of("ja", ja)), category,
                null, null));
    }

    private static void spell(Site.PastWriter past, String id, Status status, Instant from, int minutes) {
        past.at(from).status().setStatus(id, status, null);
        past.at(from.plus(Duration.ofMinutes(minutes))).status().setStatus(id, Status.OPERATIONAL, null);
    }

    private static void pastIncident(Site.PastWriter past, String id, Status impact, Instant from, String en, String ja,
            int minutes) {
        String slug = past.at(from).status().openIncident(NewIncident.incident(
                LocalizedText.of("en", en).merge(LocalizedText.of("ja", ja)), impact, List.of(id),
                LocalizedText.of("en", "We are investigating."))).value().slug();
        past.at(from.plus(Duration.ofMinutes(minutes / 3))).status().updateIncident(slug, IncidentState.IDENTIFIED,
                LocalizedText.of("en", "We found the cause and are fixing it."));
        past.at(from.plus(Duration.ofMinutes(minutes))).status().resolveIncident(slug,
                LocalizedText.of("en", "Fixed; everything works again."));
    }

    @AfterAll
    static void stop() {
        browser.close();
        site.close();
    }

    private void look(String path, int width, boolean phone, boolean dark, String name) {
        browser.emulate(width, phone, dark);
        try {
            browser.open(site.url(path));
            if (!path.startsWith("/history")) {
                browser.awaitConnection("live", Duration.ofSeconds(5));
            }
            assertEquals(Boolean.TRUE, browser.js("return document.documentElement.scrollWidth <= window.innerWidth"),
                    name + ": nothing wider than the screen");
            assertEquals(List.of(), browser.js(LOW_CONTRAST), name + ": text with too little contrast");
            System.out.println("screenshot: " + browser.screenshot(name).toAbsolutePath());
        } finally {
            browser.resetEmulation();
        }
    }

    @Test
    void the_front_page_fits_a_desktop_and_a_375px_phone_with_readable_contrast_in_light_and_dark() {
        look("/?lang=en", 1280, false, false, "desktop");
        look("/", 375, true, false, "phone");
        look("/", 1280, false, true, "desktop-dark");
        look("/", 375, true, true, "phone-dark");
        look("/?lang=ja", 375, true, false, "phone-ja");
        browser.open(site.url("/?lang=en"));
    }

    @Test
    void dark_mode_follows_the_readers_preference() {
        browser.emulate(1280, false, true);
        try {
            browser.open(site.url("/"));
            String background = (String) browser.js("return getComputedStyle(document.body).backgroundColor");
            assertEquals("rgb(13, 17, 23)", background);
        } finally {
            browser.resetEmulation();
        }
    }

    @Test
    void the_incident_and_history_pages_fit_too() {
        look("/incidents/" + incident, 1280, false, false, "incident");
        look("/incidents/" + incident, 375, true, true, "incident-phone-dark");
        look("/history", 1280, false, false, "history");
    }

    @Test
    void a_days_details_show_beside_the_bar() {
        browser.emulate(1280, false, false);
        try {
            browser.open(site.url("/"));
            LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(17);
            var cell = browser.find("li.service[data-id='api'] .day[data-day='" + day + "']");
            browser.js("arguments[0].focus(); arguments[0].scrollIntoView({block: 'center'})", cell);
            String tip = (String) browser.js("return arguments[0].querySelector('.tip').innerText", cell);
            assertTrue(tip.contains("Degraded 3 h"), tip);
            System.out.println("screenshot: " + browser.screenshot("uptime-tip").toAbsolutePath());
        } finally {
            browser.resetEmulation();
        }
    }
}
