package dev.statusstream.server.branding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.internal.Json;
import dev.statusstream.server.testing.AdminHttp;
import dev.statusstream.server.testing.Http;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Branding set through the admin API, shown by the page, the feeds, the badge and the Statuspage API. */
class BrandingHttpTest {
    private static final String TOKEN = "branding-test-token-0123456789";
    private static final String HOSTILE_SVG = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20" onload="alert(1)">
              <script>alert(2)</script><rect width="20" height="20" fill="#0a7"/>
              <image href="https://tracker.example/pixel.png"/></svg>""";
    /** A 1x1 PNG. */
    private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    private TestNode node;
    private AdminHttp admin;

    @BeforeEach
    void start() {
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(), "STATUS_ADMIN_TOKEN", TOKEN,
                "STATUS_PAGE_NAME", "Configured Name"));
        admin = new AdminHttp(node, TOKEN);
        AdminHttp.Reply added = admin.send("POST", "/api/admin/services", "{\"id\":\"api\",\"label\":\"API\"}");
        assertEquals(201, added.status());
        node.awaitVersion(added.version());
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private AdminHttp.Reply brand(String json) {
        AdminHttp.Reply reply = admin.send("PATCH", "/api/admin/branding", json);
        if (reply.status() == 200) {
            node.awaitVersion(reply.version());
        }
        return reply;
    }

    private static String dataUrl(String type, byte[] bytes) {
        return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void branding_is_a_new_version_shown_on_the_page_feeds_badge_and_statuspage_api() throws Exception {
        long before = admin.send("GET", "/api/admin/settings", null).version();
        String pageCsp = Http.header(Http.get(node.url("/")), "Content-Security-Policy");
        AdminHttp.Reply set = brand(Json.write(Map.of("name", "Acme Status", "accentColor", "#0A7",
                "logo", dataUrl("image/svg+xml", HOSTILE_SVG.getBytes(StandardCharsets.UTF_8)),
                "homeUrl", "https://acme.example/", "supportUrl", "mailto:help@acme.example")));
        assertEquals(200, set.status(), set.raw().body());
        assertEquals(before + 1, set.version(), "branding changes the page");
        JsonNode branding = set.json().get("branding");
        assertEquals("#00aa77", branding.get("accentColor").asText());
        String sha = branding.get("logo").get("sha256").asText();

        HttpResponse<String> page = Http.get(node.url("/"));
        assertEquals(pageCsp, Http.header(page, "Content-Security-Policy"), "the page keeps its policy");
        String html = page.body();
        assertTrue(html.contains("<img class=\"logo\" src=\"/branding/logo/" + sha + "\" alt=\"\""), html);
        assertTrue(html.contains(">Acme Status</a>"), "the branding's name wins over the configured one");
        assertTrue(html.contains("href=\"/branding/theme/00aa77.css\""));
        assertTrue(html.contains("href=\"https://acme.example/\"") && html.contains("href=\"mailto:help@acme.example\""));
        assertTrue(Http.get(node.url("/history")).body().contains(">Acme Status</a>"));
        assertEquals("Acme Status", Json.mapper().readTree(Http.get(node.url("/api/v2/summary.json")).body())
                .get("page").get("name").asText());
        String atom = Http.get(node.url("/history.atom")).body();
        assertTrue(atom.contains("<title>Acme Status</title>") && atom.contains("/branding/logo/" + sha + "</logo>"), atom);
        assertTrue(Http.get(node.url("/history.rss")).body().contains("<image><url>"));
        assertTrue(Http.get(node.url("/badge.svg")).body().contains("Acme Status"));

        HttpResponse<String> theme = Http.get(node.url("/branding/theme/00aa77.css"));
        assertEquals("text/css; charset=utf-8", Http.header(theme, "Content-Type"));
        assertTrue(theme.body().contains("--accent: #00aa77; --accent-text: #000000;"), theme.body());
    }

    @Test
    void a_hostile_svg_logo_is_served_cleaned_with_its_type_a_strong_etag_and_a_sandbox() throws Exception {
        AdminHttp.Reply set = brand(Json.write(Map.of("logo", dataUrl("image/svg+xml", HOSTILE_SVG.getBytes(StandardCharsets.UTF_8)))));
        String sha = set.json().get("branding").get("logo").get("sha256").asText();
        HttpResponse<String> logo = Http.get(node.url("/branding/logo/" + sha));
        assertEquals(200, logo.statusCode());
        assertEquals("image/svg+xml", Http.header(logo, "Content-Type"));
        assertEquals("\"" + sha + "\"", Http.header(logo, "ETag"));
        assertTrue(Http.header(logo, "Content-Security-Policy").contains("sandbox"));
        assertEquals("nosniff", Http.header(logo, "X-Content-Type-Options"));
        assertTrue(logo.body().contains("<rect"), logo.body());
        for (String gone : new String[] {"script", "alert", "onload", "tracker.example"}) {
            assertFalse(logo.body().contains(gone), gone + " survived: " + logo.body());
        }
        assertEquals(304, Http.get(node.url("/branding/logo/" + sha), "If-None-Match", "\"" + sha + "\"").statusCode());
        assertEquals(404, Http.get(node.url("/branding/logo/" + "0".repeat(64))).statusCode());
        assertEquals(404, Http.get(node.url("/branding/logo/not-a-hash")).statusCode());
    }

    @Test
    void a_png_logo_is_served_byte_for_byte_and_removing_it_takes_it_off_the_page() throws Exception {
        byte[] png = Base64.getDecoder().decode(PNG);
        AdminHttp.Reply set = brand(Json.write(Map.of("logo", dataUrl("image/png", png))));
        assertEquals(200, set.status(), set.raw().body());
        String sha = set.json().get("branding").get("logo").get("sha256").asText();
        HttpResponse<byte[]> logo = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(node.url("/branding/logo/" + sha))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("image/png", logo.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(png, logo.body());

        assertEquals(200, brand("{\"logo\":null}").status());
        assertFalse(Http.get(node.url("/")).body().contains("class=\"logo\""));
        assertTrue(Http.get(node.url("/")).body().contains(">Configured Name</a>"), "back to the configured name");
    }

    @Test
    void bad_branding_input_is_a_400_naming_the_field_and_changes_nothing() {
        long before = admin.send("GET", "/api/admin/settings", null).version();
        assertEquals("accentColor", brand("{\"accentColor\":\"red\"}").field());
        assertEquals(400, brand("{\"accentColor\":\"#12345\"}").status());
        assertEquals("logo", brand(Json.write(Map.of("logo", dataUrl("image/png", "not a png, just some text".getBytes(StandardCharsets.UTF_8))))).field());
        assertEquals("logo", brand(Json.write(Map.of("logo", dataUrl("image/gif", new byte[30])))).field());
        assertEquals("logo", brand("{\"logo\":\"https://example.com/logo.svg\"}").field());
        assertEquals("homeUrl", brand("{\"homeUrl\":\"javascript:alert(1)\"}").field());
        assertEquals("body", brand("{}").field());
        AdminHttp.Reply tooBig = brand(Json.write(Map.of("logo", dataUrl("image/png", new byte[60 * 1024]))));
        assertTrue(tooBig.status() == 400 || tooBig.status() == 413, tooBig.raw().body());
        assertEquals(before, admin.send("GET", "/api/admin/settings", null).version());
    }
}
