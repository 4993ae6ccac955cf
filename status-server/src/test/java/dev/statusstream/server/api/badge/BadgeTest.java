package dev.statusstream.server.api.badge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.server.testing.Http;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** {@code /badge.svg} from a real server, parsed as XML. */
class BadgeTest {
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(), "STATUS_PAGE_NAME", "Acme"));
        node.status().addService(NewService.of("api", LocalizedText.of("en", "Public API")));
        node.status().addService(NewService.of("evil", LocalizedText.of("en", "<script>alert(\"x\")</script> & co")));
        node.awaitVersion(node.status().setStatus("api", Status.OUTAGE, null).version());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static Document svg(String body) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(Document svg) {
        NodeList nodes = svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i += 2) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }

    @Test
    void the_overall_badge_is_an_svg_image_revalidated_on_every_use() throws Exception {
        var response = Http.get(node.url("/badge.svg"));
        assertEquals(200, response.statusCode());
        assertEquals("image/svg+xml; charset=utf-8", Http.header(response, "Content-Type"));
        assertEquals("no-cache", Http.header(response, "Cache-Control"));
        assertTrue(Http.header(response, "ETag").startsWith("\""));
        assertTrue(Http.header(response, "Last-Modified").endsWith("GMT"));
        assertEquals("nosniff", Http.header(response, "X-Content-Type-Options"));
        assertEquals("*", Http.header(response, "Access-Control-Allow-Origin"));
        Document svg = svg(response.body());
        assertEquals("svg", svg.getDocumentElement().getLocalName());
        assertEquals(List.of("Acme", "Partial outage"), texts(svg));
        assertTrue(response.body().contains("#c62828"), "outage red");
    }

    @Test
    void the_badge_the_page_and_the_statuspage_api_agree_on_a_partial_and_a_major_outage() throws Exception {
        // here one of two services is out
        assertEquals(List.of("Acme", "Partial outage"), texts(svg(Http.get(node.url("/badge.svg")).body())));
        assertTrue(Http.get(node.url("/")).body().contains("<h1 class=\"overall-text\">Partial outage</h1>"));
        assertTrue(Http.get(node.url("/?lang=ja")).body().contains("<h1 class=\"overall-text\">一部のシステムで障害が発生しています</h1>"));
        assertTrue(Http.get(node.url("/api/v2/status.json")).body().contains("\"Partial System Outage\""));
        try (TestNode allOut = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(), "STATUS_PAGE_NAME", "Acme"))) {
            allOut.status().addService(NewService.of("api", LocalizedText.of("en", "Public API")));
            allOut.awaitVersion(allOut.status().setStatus("api", Status.OUTAGE, null).version());
            assertEquals(List.of("Acme", "Major outage"), texts(svg(Http.get(allOut.url("/badge.svg")).body())));
            assertTrue(Http.get(allOut.url("/")).body().contains("<h1 class=\"overall-text\">Major outage</h1>"));
            assertTrue(Http.get(allOut.url("/api/v2/status.json")).body().contains("\"Major System Outage\""));
        }
    }

    @Test
    void a_service_badge_shows_that_service_and_an_unknown_service_is_404() throws Exception {
        var api = Http.get(node.url("/badge.svg?service=api"));
        assertEquals(List.of("Public API", "Outage"), texts(svg(api.body())));
        var missing = Http.get(node.url("/badge.svg?service=nope"));
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("nope"), missing.body());
        assertEquals(400, Http.get(node.url("/badge.svg?service=Bad%20Id")).statusCode());
    }

    @Test
    void badge_text_is_escaped() throws Exception {
        var response = Http.get(node.url("/badge.svg?service=evil"));
        assertFalse(response.body().contains("<script>"), response.body());
        Document svg = svg(response.body());
        assertEquals("<script>alert(\"x\")</script> & co", texts(svg).get(0));
        assertEquals("<script>alert(\"x\")</script> & co: Operational",
                svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "title").item(0).getTextContent());
    }

    @Test
    void a_longer_text_makes_a_wider_badge() {
        assertTrue(Badge.width("All systems operational") > Badge.width("Outage"));
        assertTrue(Badge.width("障害") > Badge.width("ab"), "wide characters count wide");
    }
}
