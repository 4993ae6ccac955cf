package dev.statusstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.ValidationException;
import dev.statusstream.server.testing.SseClient;
import dev.statusstream.testing.TestServices;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The status routes mounted into a host's own Javalin application, on a random port. */
class StatusRoutesTest {
    private static final Duration WAIT = Duration.ofSeconds(3);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static StatusStream status;
    private final List<Javalin> apps = new ArrayList<>();

    @BeforeAll
    static void library() {
        status = StatusStream.create(StatusStreamConfig.defaults()
                .withDatabaseUrl(TestServices.newDatabase())
                .withRedisUrl(TestServices.redisUrl())
                .withRedisPrefix(TestServices.newRedisPrefix()));
        status.addService(NewService.of("api", LocalizedText.of("en", "Public API")));
    }

    @AfterAll
    static void closeLibrary() {
        status.close();
    }

    @AfterEach
    void stopApps() {
        apps.forEach(Javalin::stop);
    }

    /** A host application with a route of its own and the status routes under {@code /status}. */
    private String host(StatusRoutes.Options options, Consumer<JavalinConfig> more) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/", ctx -> ctx.result("the host's own page"));
            config.routes.get("/boom", ctx -> {
                throw new IllegalStateException("the host's own failure");
            });
            config.routes.exception(IllegalStateException.class, (e, ctx) -> ctx.status(418).result("host handled it"));
            config.routes.post("/missing", ctx -> status.setStatus("no-such-service", Status.OUTAGE, null));
            more.accept(config);
            StatusRoutes.mount(config, "/status", status, options);
        }).start("127.0.0.1", 0);
        apps.add(app);
        return "http://127.0.0.1:" + app.port();
    }

    private String host(StatusRoutes.Options options) {
        return host(options, config -> { });
    }

    private static HttpResponse<String> get(String url, String... headers) throws Exception {
        return ServerHttpTest.get(url, headers);
    }

    @Test
    void the_mounted_stream_sends_the_snapshot_then_each_change_and_heartbeats() throws Exception {
        String base = host(StatusRoutes.Options.defaults().withHeartbeat(Duration.ofMillis(100)));
        try (SseClient client = SseClient.open(base + "/status/api/status/stream")) {
            assertEquals(200, client.status());
            assertEquals("no-cache, no-transform", client.header("Cache-Control"));
            SseClient.Event first = client.expect(WAIT);
            assertEquals(status.snapshot().version(), Long.parseLong(first.id()));

            long version = status.setStatus("api", Status.DEGRADED, LocalizedText.of("en", "Slow")).version();
            SseClient.Event next = client.expect(WAIT);
            assertEquals(Long.toString(version), next.id());
            assertTrue(next.data().contains("\"statusLabel\":\"degraded\""), next.data());

            Thread.sleep(400);
            assertTrue(client.comments().contains("heartbeat"), "comments: " + client.comments());
        }
        assertEquals(status.snapshot().toJson(), get(base + "/status/api/status").body());
    }

    @Test
    void the_origin_check_guards_the_mounted_stream() throws Exception {
        String base = host(StatusRoutes.Options.defaults().withOrigins(true, List.of("https://shop.example.com")));
        String stream = base + "/status/api/status/stream";
        try (SseClient evil = SseClient.open(stream, "Origin", "https://evil.example.com")) {
            assertEquals(403, evil.status());
        }
        try (SseClient curl = SseClient.open(stream)) {
            assertEquals(403, curl.status(), "production mode: no Origin and no Sec-Fetch-Site");
        }
        try (SseClient page = SseClient.open(stream, "Sec-Fetch-Site", "same-origin")) {
            assertEquals(200, page.status());
            page.expect(WAIT);
        }
        try (SseClient shop = SseClient.open(stream, "Origin", "https://shop.example.com")) {
            assertEquals(200, shop.status());
            assertEquals("https://shop.example.com", shop.header("Access-Control-Allow-Origin"));
            shop.expect(WAIT);
        }
    }

    @Test
    void stopping_the_host_ends_mounted_streams_cleanly_even_with_a_graceful_stop_timeout() throws Exception {
        String base = host(StatusRoutes.Options.defaults(),
                config -> config.jetty.modifyServer(server -> server.setStopTimeout(10_000)));
        try (SseClient client = SseClient.open(base + "/status/api/status/stream")) {
            client.expect(WAIT);
            long start = System.nanoTime();
            apps.remove(0).stop();
            long took = (System.nanoTime() - start) / 1_000_000;
            assertTrue(took < 5_000, "stop took " + took + " ms: streams held it up");
            for (int i = 0; i < 100 && !client.ended(); i++) {
                Thread.sleep(20);
            }
            assertTrue(client.ended(), "the stream ended so the browser reconnects elsewhere");
        }
    }

    @Test
    void the_mounted_page_links_assets_and_apis_that_resolve_under_the_prefix() throws Exception {
        assertLinksResolve(host(StatusRoutes.Options.defaults()), "/status");
    }

    @Test
    void under_a_host_context_path_the_page_links_include_it() throws Exception {
        assertLinksResolve(host(StatusRoutes.Options.defaults(), config -> config.router.contextPath = "/app"),
                "/app/status");
    }

    private static void assertLinksResolve(String origin, String base) throws Exception {
        for (String page : List.of(base + "/", base)) {
            HttpResponse<String> response = get(origin + page);
            assertEquals(200, response.statusCode(), page);
            assertTrue(response.body().contains("Public API"), page);
            List<String> links = new ArrayList<>();
            Matcher m = Pattern.compile("(?:href|src)=\"(/[^\"]*)\"").matcher(response.body());
            while (m.find()) {
                links.add(m.group(1));
            }
            assertTrue(links.contains(base + "/static/status.css"), "links: " + links);
            assertTrue(links.contains(base + "/static/status.js"), "links: " + links);
            for (String link : links) {
                assertEquals(200, get(origin + link).statusCode(), link);
            }
            String settings = response.body().replace("&#34;", "\"").replace("&quot;", "\"");
            assertTrue(settings.contains("\"stream\":\"" + base + "/api/status/stream\""), "the script's stream URL");
        }
        HttpResponse<String> css = get(origin + base + "/static/status.css");
        assertTrue(css.headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
    }

    @Test
    void mounting_leaves_the_hosts_routes_and_error_handling_alone() throws Exception {
        String base = host(StatusRoutes.Options.defaults());
        assertEquals("the host's own page", get(base + "/").body());
        HttpResponse<String> boom = get(base + "/boom");
        assertEquals(418, boom.statusCode());
        assertEquals("host handled it", boom.body());
        HttpResponse<String> notFound = get(base + "/nope", "Accept", "text/plain");
        assertEquals(404, notFound.statusCode());
        assertFalse(notFound.body().contains("\"error\""), "the host's 404, not ours: " + notFound.body());

        // StatusStream's own exceptions become our JSON errors in the host's routes too
        HttpResponse<String> missing = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/missing"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("\"error\"") && missing.body().contains("no-such-service"), missing.body());
    }

    @Test
    void bad_prefixes_and_options_are_refused_with_the_name_of_the_setting() {
        for (String prefix : List.of("status", "/sta tus", "/{id}", "/a/<path>")) {
            var e = assertThrows(ValidationException.class, () -> StatusRoutes.normalize(prefix), prefix);
            assertEquals("prefix", e.field());
        }
        assertEquals("/status", StatusRoutes.normalize("/status/"));
        assertEquals("", StatusRoutes.normalize("/"));
        assertEquals("heartbeat", assertThrows(ValidationException.class,
                () -> StatusRoutes.Options.defaults().withHeartbeat(Duration.ofMillis(1))).field());
        assertEquals("adminTokens", assertThrows(ValidationException.class,
                () -> StatusRoutes.Options.defaults().withAdminTokens(List.of("short"))).field());
        assertEquals("maxStreams", assertThrows(ValidationException.class,
                () -> StatusRoutes.Options.defaults().withMaxStreams(0, 10)).field());
        assertEquals("allowedOrigins", assertThrows(ValidationException.class,
                () -> StatusRoutes.Options.defaults().withOrigins(true, List.of("https://shop.example.com/path"))).field());
    }
}
