package dev.statusstream.server;

import static dev.statusstream.server.ServerHttpTest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.statusstream.IncidentKind;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.MutableClock;
import dev.statusstream.testing.Waiting;
import dev.statusstream.testing.TestServices;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTML pages over real HTTP: the incident page, the history, languages, and PostgreSQL going away. */
class PageHttpTest {
    private static final Pattern ARTICLE = Pattern.compile("<article class=\"incident[^\"]*\" data-slug=\"([^\"]+)\"");
    private Map<String, String> env;
    private TestNode node;

    @BeforeEach
    void start() {
        env = Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(), "STATUS_REDIS_URL", TestServices.redisUrl(),
                "STATUS_REDIS_PREFIX", TestServices.newRedisPrefix());
        node = TestNode.start(env);
        node.status().addService(NewService.of("api", LocalizedText.of("en", "Public API").merge(LocalizedText.of("ja", "公開API"))));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private static List<String> slugs(String html) {
        Matcher m = ARTICLE.matcher(html);
        List<String> slugs = new java.util.ArrayList<>();
        while (m.find()) {
            slugs.add(m.group(1));
        }
        return slugs;
    }

    /** The library on the same database with a clock the test sets, to write history in the past. */
    private StatusStream pastWriter(MutableClock clock) {
        return StatusStream.builder().config(ServerConfig.from(env, new String[0]).library()).clock(clock).build();
    }

    @Test
    void the_footer_keeps_the_snapshot_version_out_of_the_readers_sight() throws Exception {
        long version = node.status().setStatus("api", Status.DEGRADED, null).version();
        node.awaitVersion(version);
        for (String lang : List.of("en", "ja")) {
            String html = get(node.url("/?lang=" + lang)).body();
            String footer = html.substring(html.indexOf("<p class=\"generated\">"));
            footer = footer.substring(0, footer.indexOf("</p>"));
            assertTrue(footer.contains("data-version=\"" + version + "\""), footer);
            // the text is "Last updated <time>" and nothing more (it was followed by "(Version N)")
            assertFalse(footer.replaceAll("<[^>]*>", "").contains("("), "no version in the text: " + footer);
            assertFalse(html.contains("Version") || html.contains("バージョン"), lang);
        }
    }

    @Test
    void a_window_within_one_minute_is_written_with_seconds_and_a_longer_one_without() throws Exception {
        Instant start = Instant.parse("2030-01-02T09:17:10Z");
        node.status().openIncident(NewIncident.maintenance(LocalizedText.of("en", "Failover drill"), List.of("api"),
                LocalizedText.of("en", "Thirty seconds"), start, start.plusSeconds(30)));
        long version = node.status().openIncident(NewIncident.maintenance(LocalizedText.of("en", "Upgrade"), List.of("api"),
                LocalizedText.of("en", "An hour"), start.plusSeconds(86_400), start.plusSeconds(90_000))).version();
        node.awaitVersion(version);
        String html = get(node.url("/")).body();
        assertTrue(html.contains("data-precision=\"seconds\">2030-01-02 09:17:10 UTC</time> – <time datetime=\"2030-01-02T09:17:40Z\" "
                + "data-precision=\"seconds\">2030-01-02 09:17:40 UTC</time>"), html);
        assertTrue(html.contains("data-precision=\"minutes\">2030-01-03 09:17 UTC</time> – <time datetime=\"2030-01-03T10:17:10Z\" "
                + "data-precision=\"minutes\">2030-01-03 10:17 UTC</time>"), html);
    }

    @Test
    void a_new_services_uptime_names_the_day_its_data_starts_instead_of_90_days() throws Exception {
        String html = get(node.url("/")).body();
        String today = java.time.format.DateTimeFormatter.ofPattern("MMM d, yyyy", java.util.Locale.ENGLISH)
                .format(java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        assertTrue(html.contains("<span class=\"uptime-percent\">100% uptime since " + today + "</span>"), html);
        assertFalse(html.contains("uptime over 90 days"), html);
    }

    @Test
    void the_incident_page_shows_everything_about_one_incident() throws Exception {
        Instant eta = Instant.parse("2030-01-02T03:04:00Z");
        String slug = node.status().openIncident(new NewIncident(LocalizedText.of("en", "Checkout fails"), Status.OUTAGE,
                List.of("api"), LocalizedText.of("en", "Investigating"), IncidentKind.INCIDENT, "checkout-fails", null, null,
                LocalizedText.of("en", "Payments are declined"), LocalizedText.of("en", "An expired certificate"),
                "https://example.com/postmortem", eta)).value().slug();
        node.status().updateIncident(slug, dev.statusstream.IncidentState.IDENTIFIED, LocalizedText.of("en", "Renewing it"));

        var response = get(node.url("/incidents/" + slug));
        assertEquals(200, response.statusCode());
        String html = response.body();
        for (String expected : List.of("<h1 class=\"incident-title\">Checkout fails</h1>", "Impact: Outage",
                "Affects: Public API", "Payments are declined", "An expired certificate",
                "href=\"https://example.com/postmortem\"", "Expected resolution", "datetime=\"2030-01-02T03:04:00Z\"",
                "Renewing it", "Investigating", "<span class=\"badge state-identified\">Identified</span>")) {
            assertTrue(html.contains(expected), expected + " in\n" + html);
        }
        assertTrue(html.indexOf("Renewing it") < html.indexOf("<p class=\"body\">Investigating"), "newest update first");
    }

    @Test
    void an_unknown_or_malformed_incident_address_is_a_404_page() throws Exception {
        for (String path : List.of("/incidents/no-such-incident", "/incidents/NOT%20A%20SLUG")) {
            var response = get(node.url(path));
            assertEquals(404, response.statusCode(), path);
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), path);
            assertTrue(response.body().contains("There is no incident at this address."), response.body());
        }
    }

    @Test
    void the_history_pages_through_everything_newest_first() throws Exception {
        var clock = new MutableClock();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<String> opened = new java.util.ArrayList<>();
        try (StatusStream past = pastWriter(clock)) {
            for (int i = 0; i < 23; i++) {
                clock.set(start.plus(Duration.ofHours(i)));
                opened.add(past.openIncident(NewIncident.incident(LocalizedText.of("en", "Incident " + i), Status.DEGRADED,
                        List.of("api"), LocalizedText.of("en", "Looking"))).value().slug());
                past.resolveIncident(opened.getLast(), null);
            }
            clock.set(start.minus(Duration.ofDays(1)));
            opened.add(0, past.openIncident(NewIncident.maintenance(LocalizedText.of("en", "Upgrade"), List.of("api"),
                    null, start.minus(Duration.ofHours(20)), start.minus(Duration.ofHours(19)))).value().slug());
        }
        List<String> newestFirst = opened.reversed();

        String first = get(node.url("/history")).body();
        assertEquals(newestFirst.subList(0, 20), slugs(first));
        assertTrue(first.contains("January 2026"), "grouped by month");
        Matcher older = Pattern.compile("<a href=\"([^\"]+)\" rel=\"next\">").matcher(first);
        assertTrue(older.find(), "a link to older incidents");
        String second = get(node.url(older.group(1).replace("&amp;", "&"))).body();
        assertEquals(newestFirst.subList(20, 24), slugs(second));
        assertFalse(second.contains("rel=\"next\""), "the last page");

        assertEquals(List.of(opened.getFirst()), slugs(get(node.url("/history?kind=maintenance")).body()));
        assertEquals(400, get(node.url("/history?before=yesterday")).statusCode());
        assertEquals(400, get(node.url("/history?kind=party")).statusCode());
    }

    @Test
    void paging_through_history_skips_and_repeats_nothing_when_many_incidents_share_one_start_time() throws Exception {
        var clock = new MutableClock();
        Instant slot = Instant.parse("2026-03-01T02:00:00Z");
        java.util.Set<String> written = new java.util.HashSet<>();
        try (StatusStream past = pastWriter(clock)) {
            clock.set(slot.minus(Duration.ofDays(7)));
            for (int i = 0; i < 23; i++) {
                // maintenance booked for the same Sunday slot: all start at one instant
                written.add(past.openIncident(NewIncident.maintenance(LocalizedText.of("en", "Window " + i), List.of("api"),
                        null, slot, slot.plus(Duration.ofHours(1)))).value().slug());
            }
            clock.set(slot);
            for (int i = 0; i < 22; i++) {
                String slug = past.openIncident(NewIncident.incident(LocalizedText.of("en", "Same instant " + i),
                        Status.DEGRADED, List.of("api"), null)).value().slug();
                past.resolveIncident(slug, null);
                written.add(slug);
            }
        }
        assertEquals(45, written.size());

        List<String> seen = new java.util.ArrayList<>();
        List<Integer> pageSizes = new java.util.ArrayList<>();
        String path = "/history";
        String page = null;
        while (path != null) {
            var response = get(node.url(path));
            assertEquals(200, response.statusCode(), path);
            page = response.body();
            List<String> slugs = slugs(page);
            seen.addAll(slugs);
            pageSizes.add(slugs.size());
            Matcher older = Pattern.compile("<a href=\"([^\"]+)\" rel=\"next\">").matcher(page);
            path = older.find() ? older.group(1).replace("&amp;", "&") : null;
            if (path != null) {
                assertTrue(path.matches("/history\\?before=[^&]+%2C[0-9a-f-]{36}"), "a cursor of time and id: " + path);
            }
        }
        assertEquals(List.of(20, 20, 5), pageSizes);
        assertEquals(45, seen.size(), "nothing repeated: " + seen);
        assertEquals(written, new java.util.HashSet<>(seen), "nothing skipped");
        assertTrue(page.contains("aria-label=\"More incidents\""), "the pager is named");

        // a link with only a time, as older pages wrote them: everything that started strictly before it
        assertEquals(20, slugs(get(node.url("/history?before=" + slot.plusSeconds(1))).body()).size());
        assertEquals(List.of(), slugs(get(node.url("/history?before=" + slot)).body()));
        assertEquals(400, get(node.url("/history?before=" + slot + ",not-an-id")).statusCode());
        assertEquals(400, get(node.url("/history?before=" + slot + ",")).statusCode());

        // the language links keep the filter and the page
        String second = get(node.url("/history?kind=incident&before=" + slot + "%2C" + "ffffffff-ffff-ffff-ffff-ffffffffffff")).body();
        assertEquals(20, slugs(second).size());
        assertTrue(second.contains("href=\"?kind=incident&amp;before=2026-03-01T02%3A00%3A00Z%2Cffffffff-ffff-ffff-ffff-ffffffffffff&amp;lang=ja\""),
                second);
    }

    @Test
    void open_incidents_come_newest_first_and_maintenance_running_then_soonest_first() throws Exception {
        StatusStream status = node.status();
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String older = status.openIncident(NewIncident.incident(LocalizedText.of("en", "Older"), Status.DEGRADED,
                List.of("api"), null)).value().slug();
        Thread.sleep(5);
        String newer = status.openIncident(NewIncident.incident(LocalizedText.of("en", "Newer"), Status.OUTAGE,
                List.of("api"), null)).value().slug();
        String far = maintenance(status, "In three weeks", now.plus(Duration.ofDays(21)));
        String tonight = maintenance(status, "Tonight", now.plus(Duration.ofHours(3)));
        String week = maintenance(status, "Next week", now.plus(Duration.ofDays(7)));
        String running = maintenance(status, "Running", now.minus(Duration.ofMinutes(30)));
        status.runDueMaintenance();
        long version = status.snapshot().version();
        node.awaitVersion(version);

        List<String> expected = List.of(newer, older, running, tonight, week, far);
        var snapshot = dev.statusstream.internal.Json.mapper().readTree(get(node.url("/api/status")).body());
        List<String> inSnapshot = new java.util.ArrayList<>();
        snapshot.get("incidents").forEach(i -> inSnapshot.add(i.get("slug").asText()));
        assertEquals(expected, inSnapshot, "the snapshot, which the script keeps in its order");
        assertEquals(expected, slugs(get(node.url("/")).body()), "the page");
    }

    private static String maintenance(StatusStream status, String title, Instant start) {
        return status.openIncident(NewIncident.maintenance(LocalizedText.of("en", title), List.of("api"), null, start,
                start.plus(Duration.ofHours(2)))).value().slug();
    }

    @Test
    void the_front_page_lists_incidents_that_ended_in_the_last_14_days() throws Exception {
        var clock = new MutableClock();
        Instant now = Instant.now();
        String recent;
        String old;
        try (StatusStream past = pastWriter(clock)) {
            clock.set(now.minus(Duration.ofDays(20)));
            old = past.openIncident(NewIncident.incident(LocalizedText.of("en", "Old"), Status.OUTAGE, List.of("api"), null))
                    .value().slug();
            past.resolveIncident(old, null);
            clock.set(now.minus(Duration.ofDays(10)));
            recent = past.openIncident(NewIncident.incident(LocalizedText.of("en", "Recent"), Status.OUTAGE, List.of("api"),
                    null)).value().slug();
            long version = past.resolveIncident(recent, null).version();
            // the writer is another process's library: wait until this node has followed it
            node.awaitVersion(version);
        }
        String page = get(node.url("/")).body();
        assertEquals(List.of(recent), slugs(page), "ten days ago is past the snapshot's seven but within fourteen");
        assertTrue(page.contains("&#34;slug&#34;:&#34;" + recent + "&#34;"), "the script gets it too, to keep it listed");
        assertEquals(List.of(recent, old), slugs(get(node.url("/history")).body()));
    }

    @Test
    void the_pages_offer_feeds_an_icon_and_a_description_and_allow_only_their_own_scripts() throws Exception {
        String slug = node.status().openIncident(NewIncident.incident(LocalizedText.of("en", "Slow"), Status.DEGRADED,
                List.of("api"), null)).value().slug();
        for (String path : List.of("/", "/history", "/incidents/" + slug, "/incidents/no-such-incident")) {
            var response = get(node.url(path));
            String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("default-src 'self'") && csp.contains("script-src 'self'") && csp.contains("object-src 'none'"),
                    path + ": " + csp);
            String html = response.body();
            assertFalse(Pattern.compile("<script(?![^>]*\\ssrc=)").matcher(html).find(), path + ": no inline script");
            assertFalse(Pattern.compile("\\sstyle=|<style|\\son[a-z]+=").matcher(html).find(), path + ": no inline style or handler");
            for (String expected : List.of("<link rel=\"alternate\" type=\"application/atom+xml\"",
                    "<link rel=\"alternate\" type=\"application/rss+xml\"", "<meta name=\"description\" content=\"",
                    "<meta name=\"theme-color\" content=\"#ffffff\" media=\"(prefers-color-scheme: light)\">",
                    "<meta name=\"theme-color\" content=\"#0d1117\" media=\"(prefers-color-scheme: dark)\">",
                    "Subscribe:", ">Atom</a>", ">RSS</a>")) {
                assertTrue(html.contains(expected), path + " has " + expected);
            }
        }
        assertFalse(get(node.url("/history")).body().contains("class=\"pager\""), "no pager when everything fits on one page");
        String page = get(node.url("/")).body();
        assertTrue(page.contains("Last updated <time id=\"generated\""), "the footer says when the status last changed");
        assertTrue(page.contains("<a href=\"/history\">All past incidents</a>"), "past incidents lead to the history");
        Matcher icon = Pattern.compile("<link rel=\"icon\" type=\"image/svg\\+xml\" href=\"([^\"]+)\">").matcher(page);
        assertTrue(icon.find());
        var svg = get(node.url(icon.group(1)));
        assertEquals(200, svg.statusCode());
        assertTrue(svg.headers().firstValue("Content-Type").orElse("").startsWith("image/svg+xml"));
        Matcher script = Pattern.compile("<script src=\"(/static/status\\.js\\?v=[0-9a-f]{12})\" defer>").matcher(page);
        assertTrue(script.find(), "the script's address changes with its content");
        assertEquals(200, get(node.url(script.group(1))).statusCode());
        for (String feed : List.of("/history.atom?lang=en", "/history.rss?lang=en")) {
            assertTrue(page.contains("href=\"" + feed + "\""), feed);
            assertEquals(200, get(node.url(feed)).statusCode(), feed);
        }
        String japanese = get(node.url("/?lang=ja")).body();
        assertTrue(japanese.contains("購読:") && japanese.contains("最終更新: <time"), "the footer in Japanese");
    }

    @Test
    void the_language_cookie_is_http_only_and_secure_when_the_reader_came_over_https() throws Exception {
        String plain = get(node.url("/?lang=ja")).headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(plain.startsWith("lang=ja") && plain.contains("HttpOnly") && !plain.contains("Secure"), plain);
        String proxied = get(node.url("/?lang=ja"), "X-Forwarded-Proto", "https").headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(proxied.contains("Secure") && proxied.contains("HttpOnly"), proxied);
    }

    @Test
    void the_language_comes_from_the_query_then_the_cookie_then_accept_language() throws Exception {
        assertTrue(get(node.url("/"), "Accept-Language", "fr;q=0.9, ja;q=0.8, en;q=0.5").body().contains("<html lang=\"ja\">"));
        String japanese = get(node.url("/"), "Accept-Language", "ja").body();
        assertTrue(japanese.contains("公開API") && japanese.contains("サービス"), "operator text and page text in Japanese");
        assertTrue(get(node.url("/"), "Cookie", "lang=ja", "Accept-Language", "en").body().contains("<html lang=\"ja\">"));
        var chosen = get(node.url("/?lang=en"), "Cookie", "lang=ja", "Accept-Language", "ja");
        assertTrue(chosen.body().contains("<html lang=\"en\">"));
        assertTrue(chosen.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("lang=en")));
        assertTrue(get(node.url("/?lang=xx"), "Accept-Language", "zz").body().contains("<html lang=\"en\">"), "the default");
        assertEquals("Accept-Encoding, Accept-Language, Cookie", get(node.url("/")).headers().firstValue("Vary").orElse(""));
    }

    @Test
    void when_postgres_is_down_the_pages_still_show_the_live_status() throws Exception {
        String slug = node.status().openIncident(NewIncident.incident(LocalizedText.of("en", "Database trouble"),
                Status.OUTAGE, List.of("api"), LocalizedText.of("en", "Investigating"))).value().slug();
        ServerConfig config = ServerConfig.from(new HashMap<>(Map.of("STATUS_DATABASE_URL", env.get("STATUS_DATABASE_URL"),
                "STATUS_PORT", "0", "STATUS_HOST", "127.0.0.1")), new String[0]);
        try (var pool = new HikariDataSource()) {
            pool.setJdbcUrl(env.get("STATUS_DATABASE_URL"));
            var database = new SwitchableDataSource(pool);
            try (StatusStream status = StatusStream.builder().config(config.library()).dataSource(database).build();
                 StatusServer server = StatusServer.create(status, config).start()) {
                String base = "http://127.0.0.1:" + server.port();
                database.down = true;

                var page = get(base + "/");
                assertEquals(200, page.statusCode());
                assertTrue(page.body().contains("Database trouble") && page.body().contains("Public API"), page.body());
                assertTrue(page.body().contains("<p class=\"notice\">Uptime history is unavailable right now"),
                        "says what is missing");
                var incident = get(base + "/incidents/" + slug);
                assertEquals(200, incident.statusCode(), "the snapshot's copy of the incident");
                assertTrue(incident.body().contains("Investigating"));
                var history = get(base + "/history");
                assertEquals(503, history.statusCode());
                assertTrue(history.body().contains("The incident history is unavailable right now."));

                database.down = false;
                // reads wait for the health probe (every second) to find PostgreSQL answering again
                Waiting.until(Duration.ofSeconds(5), "the history back by itself",
                        () -> uncheckedStatus(base + "/history") == 200);
            }
        }
    }

    private static int uncheckedStatus(String url) {
        try {
            return get(url).statusCode();
        } catch (Exception e) {
            throw new AssertionError("GET " + url + " failed", e);
        }
    }

    /** PostgreSQL that the test can take away: every new connection fails while {@code down}. */
    private static final class SwitchableDataSource implements DataSource {
        private final DataSource delegate;
        volatile boolean down;

        SwitchableDataSource(DataSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down) {
                throw new SQLException("Connection refused (the test took PostgreSQL away)", "08001");
            }
            return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return delegate.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return delegate.isWrapperFor(type);
        }
    }
}
