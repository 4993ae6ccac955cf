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
import dev.statusstream.server.testing.SettableClock;
import dev.statusstream.server.testing.TestNode;
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
        env = Map.of("STATUS_DATABASE_URL", TestServices.newDatabase(), "STATUS_REDIS_URL", TestServices.redisUrl(),
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
    private StatusStream pastWriter(SettableClock clock) {
        return StatusStream.builder().config(ServerConfig.from(env, new String[0]).library()).clock(clock).build();
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
        var clock = new SettableClock();
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
    void the_front_page_lists_incidents_that_ended_in_the_last_14_days() throws Exception {
        var clock = new SettableClock();
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
    void the_language_comes_from_the_query_then_the_cookie_then_accept_language() throws Exception {
        assertTrue(get(node.url("/"), "Accept-Language", "fr;q=0.9, ja;q=0.8, en;q=0.5").body().contains("<html lang=\"ja\">"));
        String japanese = get(node.url("/"), "Accept-Language", "ja").body();
        assertTrue(japanese.contains("公開API") && japanese.contains("サービス"), "operator text and page text in Japanese");
        assertTrue(get(node.url("/"), "Cookie", "lang=ja", "Accept-Language", "en").body().contains("<html lang=\"ja\">"));
        var chosen = get(node.url("/?lang=en"), "Cookie", "lang=ja", "Accept-Language", "ja");
        assertTrue(chosen.body().contains("<html lang=\"en\">"));
        assertTrue(chosen.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("lang=en")));
        assertTrue(get(node.url("/?lang=xx"), "Accept-Language", "zz").body().contains("<html lang=\"en\">"), "the default");
        assertEquals("Accept-Language, Cookie", get(node.url("/")).headers().firstValue("Vary").orElse(""));
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
                assertEquals(200, get(base + "/history").statusCode(), "back by itself");
            }
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
