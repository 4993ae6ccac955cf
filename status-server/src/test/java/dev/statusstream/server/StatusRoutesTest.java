package dev.statusstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.ValidationException;
import dev.statusstream.internal.Json;
import dev.statusstream.server.testing.KeptAliveConnection;
import dev.statusstream.server.testing.PageData;
import dev.statusstream.server.testing.SseClient;
import dev.statusstream.testing.TestServices;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.HttpResponseException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The status routes mounted into a host's own Javalin application, on a random port. The host is a
 * plain {@code Javalin.create()}: Javalin's default JSON mapper (which writes an {@code Instant} as a
 * number), Jetty's default HTTP configuration, and its own error handling.
 */
class StatusRoutesTest {
    private static final Duration WAIT = Duration.ofSeconds(3);
    private static final String TOKEN = "mounted-token-aaaaaaaaaaaaaaaa";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static StatusStream status;
    private final List<Javalin> apps = new ArrayList<>();

    @BeforeAll
    static void library() {
        status = StatusStream.create(StatusStreamConfig.defaults()
                .withDatabaseUrl(TestServices.newMigratedDatabase())
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

    private static int port(String base) {
        return URI.create(base).getPort();
    }

    private static HttpResponse<String> send(String method, String url, String contentType, String body, String... headers)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A JSON reply's body, after checking it is one. */
    private static JsonNode json(HttpResponse<String> reply) throws Exception {
        assertTrue(reply.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                reply.statusCode() + " " + reply.headers().map() + ": " + reply.body());
        return Json.mapper().readTree(reply.body());
    }

    /** Our error shape: {@code {"error": "...", "field": "..."}} with this status. */
    private static void assertOurError(HttpResponse<String> reply, int status, String field) throws Exception {
        assertEquals(status, reply.statusCode(), reply.body());
        JsonNode error = json(reply);
        assertTrue(error.path("error").isTextual(), reply.body());
        assertEquals(field, error.path("field").textValue(), reply.body());
    }

    /** The element of {@code list} whose {@code field} ends with {@code slug}. */
    private static JsonNode bySlug(JsonNode list, String field, String slug) {
        for (JsonNode element : list) {
            if (element.path(field).asText().endsWith(slug)) {
                return element;
            }
        }
        throw new AssertionError("no " + slug + " in " + list);
    }

    /** An ISO-8601 instant, as the snapshot has every timestamp (the host's mapper would write a number). */
    private static void assertIso(JsonNode value, String what) {
        assertTrue(value.isTextual(), what + " is " + value);
        Instant.parse(value.textValue());
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
            assertTrue(links.stream().anyMatch(l -> l.startsWith(base + "/static/status.css?v=")), "links: " + links);
            assertTrue(links.stream().anyMatch(l -> l.startsWith(base + "/static/status.js?v=")), "links: " + links);
            assertTrue(links.stream().anyMatch(l -> l.startsWith(base + "/static/favicon.svg?v=")), "links: " + links);
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
    void every_json_reply_under_the_mount_has_iso_timestamps_whatever_json_mapper_the_host_has() throws Exception {
        String slug = status.openIncident(NewIncident.incident(LocalizedText.of("en", "Brief blip"), Status.DEGRADED,
                List.of(), null)).value().slug();
        status.resolveIncident(slug, null);
        String base = host(StatusRoutes.Options.defaults().withAdminTokens(List.of(TOKEN)));

        JsonNode summary = json(get(base + "/status/api/v2/summary.json"));
        assertIso(summary.path("page").path("updated_at"), "summary.json page.updated_at");
        assertIso(summary.path("components").path(0).path("updated_at"), "summary.json components[0].updated_at");
        JsonNode incident = bySlug(json(get(base + "/status/api/v2/incidents.json")).path("incidents"), "shortlink", slug);
        assertIso(incident.path("resolved_at"), "incidents.json resolved_at");

        JsonNode service = json(get(base + "/status/api/admin/services/api", "Authorization", "Bearer " + TOKEN));
        assertIso(service.path("service").path("statusSince"), "the admin API's service.statusSince");

        // the page's bootstrap data, which status.js reads with new Date(...)
        JsonNode page = PageData.of(get(base + "/status/").body());
        assertIso(bySlug(page.path("past"), "slug", slug).path("resolvedAt"), "the page's past incident's resolvedAt");

        assertEquals("ok", json(get(base + "/status/healthz")).path("status").textValue());
    }

    /**
     * A proxy that pools its upstream connections sends different clients' requests down one
     * connection. Jetty's header cache would match the flipped token to the earlier right one,
     * ignoring case, and let it in.
     */
    @Test
    void a_token_that_differs_only_in_case_is_refused_on_a_kept_alive_connection_under_a_mount() throws Exception {
        String base = host(StatusRoutes.Options.defaults().withAdminTokens(List.of(TOKEN)));
        try (var connection = new KeptAliveConnection(port(base))) {
            String path = "/status/api/admin/services";
            assertEquals(200, connection.send("GET", path, "Authorization", "Bearer " + TOKEN).status());
            assertEquals(401, connection.send("GET", path, "Authorization", "Bearer " + TOKEN.toUpperCase()).status());
            assertEquals(401, connection.send("GET", path, "Authorization", "Bearer " + TOKEN.toUpperCase()).status());
        }
    }

    @Test
    void our_refusals_under_the_mount_are_json_errors_and_the_hosts_own_stay_the_hosts() throws Exception {
        Consumer<JavalinConfig> hostHandling = config -> {
            config.routes.get("/bad", ctx -> {
                throw new BadRequestResponse("the host's own refusal");
            });
            config.routes.exception(HttpResponseException.class,
                    (e, ctx) -> ctx.status(e.getStatus()).result("host: " + e.getMessage()));
        };
        String base = host(StatusRoutes.Options.defaults().withAdminTokens(List.of(TOKEN))
                .withOrigins(true, List.of("https://shop.example.com")).withMaxStreams(1, 1), hostHandling);
        HttpResponse<String> hosts = get(base + "/bad");
        assertEquals(400, hosts.statusCode());
        assertEquals("host: the host's own refusal", hosts.body());

        String services = base + "/status/api/admin/services";
        String body = "{\"id\":\"web\",\"label\":\"Web\"}";
        assertOurError(send("POST", services, "application/json", body), 401, "Authorization");
        assertOurError(send("POST", services, "application/json", body, "Authorization", "Bearer wrong-token-bbbbbbbbbbbbbb"),
                401, "Authorization");
        assertOurError(send("POST", services, "text/plain", body, "Authorization", "Bearer " + TOKEN), 415, "Content-Type");
        assertOurError(send("POST", services, "application/json", "{\"id\":\"web\",\"label\":\"" + "x".repeat(70_000) + "\"}",
                "Authorization", "Bearer " + TOKEN), 413, "body");
        assertOurError(send("POST", services, "application/json", "{\"id\":\"Not A Slug\",\"label\":\"Web\"}",
                "Authorization", "Bearer " + TOKEN), 400, "id");

        String stream = base + "/status/api/status/stream";
        assertOurError(get(stream, "Accept", "text/event-stream", "Origin", "https://evil.example.com"), 403, "Origin");
        try (SseClient first = SseClient.open(stream, "Origin", "https://shop.example.com")) {
            first.expect(WAIT);
            HttpResponse<String> full = get(stream, "Accept", "text/event-stream", "Origin", "https://shop.example.com");
            assertOurError(full, 503, null);
            assertEquals("5", full.headers().firstValue("Retry-After").orElse(null));
        }

        String perAddress = host(StatusRoutes.Options.defaults().withMaxStreams(5, 1), hostHandling) + "/status/api/status/stream";
        try (SseClient first = SseClient.open(perAddress)) {
            first.expect(WAIT);
            HttpResponse<String> over = get(perAddress, "Accept", "text/event-stream");
            assertOurError(over, 429, null);
            assertEquals("30", over.headers().firstValue("Retry-After").orElse(null));
        }
    }

    @Test
    void without_a_configured_site_the_feeds_and_statuspage_api_name_the_address_the_request_came_to() throws Exception {
        String slug = status.openIncident(NewIncident.incident(LocalizedText.of("en", "Linked"), Status.DEGRADED,
                List.of(), null)).value().slug();
        String base = host(StatusRoutes.Options.defaults());
        JsonNode page = json(get(base + "/status/api/v2/status.json")).path("page");
        assertEquals(base + "/status", page.path("url").textValue());
        JsonNode unresolved = json(get(base + "/status/api/v2/incidents/unresolved.json")).path("incidents");
        List<String> shortlinks = new ArrayList<>();
        unresolved.forEach(i -> shortlinks.add(i.path("shortlink").textValue()));
        assertTrue(shortlinks.contains(base + "/status/incidents/" + slug), shortlinks.toString());
        String atom = get(base + "/status/history.atom").body();
        assertTrue(atom.contains("href=\"" + base + "/status/incidents/" + slug + "\""), atom);
        assertTrue(atom.contains(base + "/status/history.atom"), atom);
        assertEquals(200, get(base + "/status/incidents/" + slug).statusCode(), "the feed's link opens the incident");

        String localhost = base.replace("127.0.0.1", "localhost");
        assertEquals(localhost + "/status", json(get(localhost + "/status/api/v2/status.json")).path("page").path("url").textValue(),
                "each request gets the address it came to");
        HttpResponse<String> first = get(base + "/status/api/v2/status.json");
        HttpResponse<String> other = get(localhost + "/status/api/v2/status.json",
                "If-None-Match", first.headers().firstValue("ETag").orElseThrow());
        assertEquals(200, other.statusCode(), "a copy naming another address is not current");

        String underApp = host(StatusRoutes.Options.defaults(), config -> config.router.contextPath = "/app");
        assertEquals(underApp + "/app/status",
                json(get(underApp + "/app/status/api/v2/status.json")).path("page").path("url").textValue());

        String configured = host(StatusRoutes.Options.defaults().withSite("Shop status", "https://shop.example.com/status/"));
        JsonNode site = json(get(configured + "/status/api/v2/status.json")).path("page");
        assertEquals("https://shop.example.com/status", site.path("url").textValue());
        assertEquals("Shop status", site.path("name").textValue());
        assertTrue(get(configured + "/status/history.rss").body().contains("https://shop.example.com/status/incidents/" + slug));
        status.resolveIncident(slug, null);
    }

    @Test
    void metrics_are_off_under_a_mount_unless_asked_for_and_never_report_the_hosts_own_pool() throws Exception {
        assertEquals(404, get(host(StatusRoutes.Options.defaults()) + "/status/metrics").statusCode());

        try (var hostPool = new HikariDataSource()) {
            hostPool.setJdbcUrl(TestServices.newMigratedDatabase());
            hostPool.setPoolName("the-hosts-pool");
            try (StatusStream lent = StatusStream.builder().config(StatusStreamConfig.defaults()).dataSource(hostPool).build()) {
                Javalin app = Javalin.create(config -> StatusRoutes.mount(config, "/status", lent,
                        StatusRoutes.Options.defaults().withMetrics(true))).start("127.0.0.1", 0);
                try {
                    HttpResponse<String> scrape = get("http://127.0.0.1:" + app.port() + "/status/metrics");
                    assertEquals(200, scrape.statusCode());
                    assertTrue(scrape.body().contains("statusstream_streams_open"), scrape.body());
                    assertFalse(scrape.body().contains("hikaricp"), "the host's pool is not ours to report");
                    assertEquals(null, hostPool.getMetricRegistry(), "nothing was bound to the host's pool");
                } finally {
                    app.stop();
                }
            }
        }
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
        assertEquals("slowClientLimit", assertThrows(ValidationException.class,
                () -> StatusRoutes.Options.defaults().withSlowClientLimit(Duration.ofMillis(1))).field());
        for (String url : List.of("shop.example.com/status", "ftp://shop.example.com", "https://shop.example.com/?q=1")) {
            var e = assertThrows(ValidationException.class, () -> StatusRoutes.Options.defaults().withSite("Shop", url), url);
            assertEquals("site", e.field());
            assertTrue(e.getMessage().contains(url), e.getMessage());
        }
        assertEquals("site", assertThrows(ValidationException.class,
                () -> StatusRoutes.Options.defaults().withSite(" ", null)).field());
    }

    @Test
    void security_headers_and_the_one_spelling_of_metrics_apply_under_the_prefix_only() throws Exception {
        String base = host(StatusRoutes.Options.defaults().withMetrics(true));
        var page = send("GET", base + "/status/", null, "");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"));
        assertEquals("strict-origin-when-cross-origin", page.headers().firstValue("Referrer-Policy").orElse(null));
        for (String path : List.of("/status/", "/status/api/status", "/status/static/status.js", "/status/no-such-path",
                "/status/metrics")) {
            var reply = send("GET", base + path, null, "");
            assertEquals("nosniff", reply.headers().firstValue("X-Content-Type-Options").orElse(null), path);
        }
        var own = send("GET", base + "/", null, "");
        assertEquals("the host's own page", own.body());
        assertFalse(own.headers().firstValue("X-Content-Type-Options").isPresent(), "the host's routes are its own");
        assertEquals(200, send("GET", base + "/status/metrics", null, "").statusCode());
        assertEquals(404, send("GET", base + "/status/metrics/", null, "").statusCode(),
                "the host's router ignores trailing slashes; the metrics route does not");
    }
}
