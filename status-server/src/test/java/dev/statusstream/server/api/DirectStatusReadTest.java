package dev.statusstream.server.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.server.StatusRoutes;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The standalone server answers {@code /api/status} in front of Javalin ({@link DirectStatusRead}); an
 * application that mounts the status routes answers it through the Javalin route. Both must send the same
 * reply, header for header and byte for byte, whatever the request asks.
 */
class DirectStatusReadTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static TestNode node;
    private static Javalin mounted;

    @BeforeAll
    static void start() {
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase()));
        node.awaitVersion(node.status().addService(NewService.of("api", LocalizedText.of("en", "Public API"))).version());
        mounted = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.router.ignoreTrailingSlashes = false; // as the standalone server
            StatusRoutes.mount(config, "", node.status());
        }).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        mounted.stop();
        node.close();
    }

    @Test
    void the_direct_reply_equals_the_routes_reply_header_for_header() throws Exception {
        var plain = send(node.url("/api/status"), "GET");
        String etag = plain.headers().firstValue("ETag").orElseThrow();
        String gzipTag = send(node.url("/api/status"), "GET", "Accept-Encoding", "gzip").headers().firstValue("ETag").orElseThrow();
        String modified = plain.headers().firstValue("Last-Modified").orElseThrow();
        List<String[]> requests = List.of(
                new String[] {"GET"},
                new String[] {"GET", "Accept-Encoding", "gzip"},
                new String[] {"GET", "Accept-Encoding", "gzip, deflate, br"},
                new String[] {"GET", "Accept-Encoding", "br;q=0, gzip;q=0.5"},
                new String[] {"GET", "Accept-Encoding", "*;q=0.1"},
                new String[] {"HEAD"},
                new String[] {"HEAD", "Accept-Encoding", "gzip"},
                new String[] {"GET", "If-None-Match", etag},
                new String[] {"GET", "If-None-Match", "W/" + etag + ", \"other\""},
                new String[] {"GET", "Accept-Encoding", "gzip", "If-None-Match", gzipTag},
                new String[] {"GET", "Accept-Encoding", "gzip", "If-None-Match", etag},
                new String[] {"GET", "If-None-Match", "*"},
                new String[] {"GET", "If-Modified-Since", modified},
                new String[] {"GET", "If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT"},
                new String[] {"GET", "If-Modified-Since", "not a date"},
                new String[] {"GET", "If-None-Match", "\"stale\"", "If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT"},
                new String[] {"GET", "X-HTTP-Method-Override", "DELETE"},
                new String[] {"GET", "X-Forwarded-Proto", "https"},
                new String[] {"GET", "Origin", "https://elsewhere.example"});
        for (String[] request : requests) {
            String method = request[0];
            String[] headers = java.util.Arrays.copyOfRange(request, 1, request.length);
            String what = String.join(" ", request);
            for (String query : List.of("", "?lang=de&x=1")) {
                var direct = send(node.url("/api/status" + query), method, headers);
                var routed = send("http://127.0.0.1:" + mounted.port() + "/api/status" + query, method, headers);
                if (!headers(direct).get("last-modified").equals(headers(routed).get("last-modified"))) {
                    // the date stepped from the second before to the snapshot's own between the two: ask both again
                    direct = send(node.url("/api/status" + query), method, headers);
                    routed = send("http://127.0.0.1:" + mounted.port() + "/api/status" + query, method, headers);
                }
                assertEquals(routed.statusCode(), direct.statusCode(), what);
                assertEquals(headers(routed), headers(direct), what);
                assertArrayEquals(routed.body(), direct.body(), what);
            }
        }
    }

    @Test
    void other_methods_and_spellings_are_left_to_the_routes() throws Exception {
        for (String path : List.of("/api/status/", "/api//status", "/api/Status", "/api/status;x=1", "/api/statu%73")) {
            var direct = send(node.url(path), "GET");
            var routed = send("http://127.0.0.1:" + mounted.port() + path, "GET");
            assertEquals(routed.statusCode(), direct.statusCode(), path);
        }
        var preflight = send(node.url("/api/status"), "OPTIONS");
        assertEquals(204, preflight.statusCode());
        assertEquals("GET, HEAD, OPTIONS", preflight.headers().firstValue("Access-Control-Allow-Methods").orElse(null));
        assertEquals(404, send(node.url("/api/status"), "DELETE").statusCode());
    }

    private static HttpResponse<byte[]> send(String url, String method, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Every header but the date of the reply, by lower-case name, values in the order sent. */
    private static Map<String, List<String>> headers(HttpResponse<?> reply) {
        Map<String, List<String>> all = new TreeMap<>();
        reply.headers().map().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("date")) {
                all.put(name.toLowerCase(java.util.Locale.ROOT), new ArrayList<>(values));
            }
        });
        all.putIfAbsent("last-modified", List.of());
        return all;
    }
}
