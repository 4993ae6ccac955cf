package dev.statusstream.server.api.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import dev.statusstream.Incident;
import dev.statusstream.IncidentState;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.server.testing.Http;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.io.StringReader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /history.atom} and {@code /history.rss} from a real server, read back with Rome, an independent feed parser. */
class FeedTest {
    /** Markup and quotes; control characters (which XML cannot carry either) are refused when written. */
    private static final String NASTY = "Fix <script>alert(1)</script> & \"quotes\" \u00a0bell";
    private static TestNode node;
    private static Incident incident;
    private static Incident maintenance;

    @BeforeAll
    static void start() {
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(),
                "STATUS_PAGE_NAME", "Acme Status", "STATUS_PUBLIC_URL", "https://status.acme.test"));
        var status = node.status();
        status.addService(NewService.of("api", LocalizedText.of("en", "Public API")));
        incident = status.openIncident(NewIncident.incident(new LocalizedText(Map.of("en", NASTY, "ja", "API障害")),
                Status.OUTAGE, List.of("api"), LocalizedText.of("en", "Line one <b>not bold</b>\nline two"))).value();
        Instant start = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        var scheduled = status.openIncident(NewIncident.maintenance(LocalizedText.of("en", "Upgrade"), List.of("api"),
                LocalizedText.of("en", "Planned"), start, start.plus(1, ChronoUnit.HOURS)));
        maintenance = scheduled.value();
        node.awaitVersion(scheduled.version());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static SyndFeed read(String path, String contentType) throws Exception {
        var response = Http.get(node.url(path));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(contentType, Http.header(response, "Content-Type"));
        assertEquals("*", Http.header(response, "Access-Control-Allow-Origin"));
        return new SyndFeedInput().build(new StringReader(response.body()));
    }

    private static SyndEntry entry(SyndFeed feed, Incident incident) {
        return feed.getEntries().stream().filter(e -> e.getUri().equals("urn:uuid:" + incident.id())).findFirst()
                .orElseThrow(() -> new AssertionError("no entry for " + incident.slug()));
    }

    @Test
    void the_atom_feed_has_one_entry_per_incident_updated_as_it_changes() throws Exception {
        SyndFeed feed = read("/history.atom", "application/atom+xml; charset=utf-8");
        assertEquals("atom_1.0", feed.getFeedType());
        assertEquals("Acme Status", feed.getTitle());
        assertEquals(2, feed.getEntries().size());
        SyndEntry entry = entry(feed, incident);
        assertEquals("https://status.acme.test/incidents/" + incident.slug(), entry.getLink());
        assertEquals(incident.updatedAt().truncatedTo(ChronoUnit.MILLIS), entry.getUpdatedDate().toInstant());
        assertEquals(incident.publishedAt().truncatedTo(ChronoUnit.MILLIS), entry.getPublishedDate().toInstant());
        assertTrue(entry(feed, maintenance).getContents().get(0).getValue().contains("Window"), "the maintenance window");

        var updated = node.status().updateIncident(incident.slug(), IncidentState.IDENTIFIED, LocalizedText.of("en", "Found it"));
        node.awaitVersion(updated.version());
        SyndFeed after = read("/history.atom", "application/atom+xml; charset=utf-8");
        assertEquals(2, after.getEntries().size(), "the same entry, changed: not a new one");
        SyndEntry changed = entry(after, incident);
        assertEquals(updated.value().updatedAt().truncatedTo(ChronoUnit.MILLIS), changed.getUpdatedDate().toInstant());
        assertTrue(changed.getUpdatedDate().after(entry.getUpdatedDate()));
        assertTrue(changed.getContents().get(0).getValue().contains("Found it"));
        assertEquals(changed.getUpdatedDate(), after.getEntries().get(0).getUpdatedDate(), "the latest change comes first");
    }

    @Test
    void the_rss_feed_has_one_item_per_incident_dated_by_its_last_change() throws Exception {
        SyndFeed feed = read("/history.rss", "application/rss+xml; charset=utf-8");
        assertEquals("rss_2.0", feed.getFeedType());
        assertEquals("https://status.acme.test", feed.getLink());
        assertEquals(2, feed.getEntries().size());
        Incident current = node.status().incident(incident.slug()).orElseThrow();
        SyndEntry item = entry(feed, current);
        assertEquals("https://status.acme.test/incidents/" + incident.slug(), item.getLink());
        assertEquals(current.updatedAt().truncatedTo(ChronoUnit.SECONDS), item.getPublishedDate().toInstant());
    }

    @Test
    void operator_text_arrives_as_text_never_as_markup() throws Exception {
        for (String path : List.of("/history.atom", "/history.rss")) {
            var response = Http.get(node.url(path));
            assertFalse(response.body().contains("<script>"), path + " carries a raw tag");
            SyndFeed feed = new SyndFeedInput().build(new StringReader(response.body()));
            SyndEntry entry = entry(feed, incident);
            assertEquals(NASTY, entry.getTitle(), path + ": the title, as written");
            String html = path.endsWith("atom") ? entry.getContents().get(0).getValue() : entry.getDescription().getValue();
            assertTrue(html.contains("Line one &lt;b&gt;not bold&lt;/b&gt;<br>line two"), path + ": " + html);
        }
    }

    @Test
    void lang_picks_the_language_of_the_feed() throws Exception {
        var response = Http.get(node.url("/history.atom?lang=ja"));
        SyndFeed feed = new SyndFeedInput().build(new StringReader(response.body()));
        assertEquals("API障害", entry(feed, incident).getTitle());
        assertTrue(response.body().contains("xml:lang=\"ja\""));
    }
}
