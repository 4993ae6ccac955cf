package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.server.testing.PageData;
import dev.statusstream.server.testing.SseClient;
import dev.statusstream.testing.TestServices;
import io.javalin.Javalin;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The example shop on a random port, against real PostgreSQL and Redis, seen by HTTP clients and Chromium. */
class ShopAppTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static StatusStream status;
    private static Javalin app;
    private static String base;

    @BeforeAll
    static void start() {
        status = StatusStream.create(StatusStreamConfig.defaults()
                .withDatabaseUrl(TestServices.newMigratedDatabase())
                .withRedisUrl(TestServices.redisUrl())
                .withRedisPrefix(TestServices.newRedisPrefix()));
        app = ShopApp.create(status, null).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
    }

    @AfterAll
    static void stop() {
        app.stop();
        status.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The version in the host's {@code {"version": n}} reply. */
    private static long version(HttpResponse<String> reply) {
        Matcher m = Pattern.compile("\"version\"\\s*:\\s*(\\d+)").matcher(reply.body());
        assertTrue(m.find(), reply.body());
        return Long.parseLong(m.group(1));
    }

    @Test
    void a_status_change_made_by_the_hosts_own_code_reaches_an_sse_client_on_the_mounted_stream() throws Exception {
        post("/deploy-succeeded");
        try (SseClient client = SseClient.open(base + "/status/api/status/stream")) {
            assertEquals(200, client.status());
            SseClient.Event first = client.expect(WAIT);
            assertTrue(first.data().contains("\"status\":\"operational\""), first.data());

            HttpResponse<String> reply = post("/deploy-failed");
            assertEquals(200, reply.statusCode(), reply.body());
            SseClient.Event change = client.expect(WAIT);
            assertEquals(Long.toString(version(reply)), change.id());
            assertTrue(change.data().contains("\"statusLabel\":\"outage\""), change.data());
            assertTrue(change.data().contains("A deploy failed; rolling back"), change.data());
        }
    }

    @Test
    void the_mounted_page_renders_with_asset_links_that_work() throws Exception {
        HttpResponse<String> page = get("/status/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("Checkout"), "the host's service is on the page");
        List<String> assets = new ArrayList<>();
        Matcher m = Pattern.compile("(?:href|src)=\"(/[^\"]*)\"").matcher(page.body());
        while (m.find()) {
            assets.add(m.group(1));
        }
        for (String file : List.of("status.css", "status.js", "favicon.svg")) {
            // linked with ?v=<digest of the files>, so a deploy never leaves an old script cached against new markup
            assertTrue(assets.stream().anyMatch(a -> a.startsWith("/status/static/" + file + "?v=")), file + " in " + assets);
        }
        for (String asset : assets) {
            assertEquals(200, get(asset).statusCode(), asset);
        }
    }

    /**
     * The shop is a plain Javalin application: its default JSON mapper writes an {@code Instant} as a
     * number, and it configures no public address for the status page.
     */
    @Test
    void the_mounted_apis_write_iso_timestamps_and_link_to_where_the_shop_serves_the_page() throws Exception {
        String slug = status.openIncident(NewIncident.incident(LocalizedText.of("en", "Payments were slow"), Status.DEGRADED,
                List.of(), null)).value().slug();
        status.resolveIncident(slug, null);

        JsonNode summary = new ObjectMapper().readTree(get("/status/api/v2/summary.json").body());
        assertEquals("Shop status", summary.path("page").path("name").textValue());
        assertEquals(base + "/status", summary.path("page").path("url").textValue());
        assertIso(summary.path("page").path("updated_at"));
        assertIso(summary.path("components").path(0).path("updated_at"));

        JsonNode page = PageData.of(get("/status/").body());
        JsonNode past = null;
        for (JsonNode incident : page.path("past")) {
            past = slug.equals(incident.path("slug").textValue()) ? incident : past;
        }
        assertTrue(past != null, page.path("past").toString());
        assertIso(past.path("resolvedAt"));

        String link = "/status/incidents/" + slug;
        assertTrue(get("/status/history.atom").body().contains("href=\"" + base + link + "\""), "the feed links to " + link);
        assertEquals(200, get(link).statusCode());
    }

    private static void assertIso(JsonNode value) {
        assertTrue(value.isTextual(), "a timestamp written as " + value);
        Instant.parse(value.textValue());
    }

    @Test
    void the_hosts_own_route_still_works() throws Exception {
        HttpResponse<String> home = get("/");
        assertEquals(200, home.statusCode());
        assertTrue(home.body().contains("The shop"), home.body());
        assertEquals(404, get("/status/no-such-page").statusCode());
    }

    @Test
    void a_browser_on_the_mounted_page_shows_the_hosts_change_without_a_reload() throws Exception {
        post("/deploy-succeeded");
        WebDriver browser = chromium();
        try {
            int before = openStreams();
            browser.get(base + "/status/");
            String loaded = browser.getCurrentUrl();
            // the page's script has opened its stream (under the prefix) once the node counts one more
            new WebDriverWait(browser, WAIT).until(d -> openStreams() > before);
            assertFalse(browser.findElement(By.tagName("body")).getText().contains("A deploy failed"));

            post("/deploy-failed");
            new WebDriverWait(browser, WAIT).until(d -> d.findElement(By.tagName("body")).getText()
                    .contains("A deploy failed; rolling back"));
            assertEquals(loaded, browser.getCurrentUrl(), "no navigation happened");
        } finally {
            browser.quit();
        }
    }

    /** The streams the node holds, from the mounted readiness report. */
    private static int openStreams() {
        try {
            Matcher m = Pattern.compile("\"streams\"\\s*:\\s*(\\d+)").matcher(get("/status/readyz").body());
            assertTrue(m.find());
            return Integer.parseInt(m.group(1));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Headless Chromium through the installed chromedriver (nothing downloaded). */
    private static WebDriver chromium() {
        String binary = System.getenv().getOrDefault("STATUS_TEST_CHROMIUM", "/usr/bin/chromium");
        String driver = System.getenv().getOrDefault("STATUS_TEST_CHROMEDRIVER", "/usr/bin/chromedriver");
        assertTrue(new File(binary).canExecute() && new File(driver).canExecute(), "this test needs Chromium at "
                + binary + " and chromedriver at " + driver + " (apt-get install chromium chromium-driver)");
        var options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        var service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver)).build();
        return new ChromeDriver(service, options);
    }
}
