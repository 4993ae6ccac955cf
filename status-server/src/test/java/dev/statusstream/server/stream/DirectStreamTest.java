package dev.statusstream.server.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.server.StatusRoutes;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import io.javalin.Javalin;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The standalone server opens streams in front of Javalin ({@link DirectStream}); an application that
 * mounts the status routes opens them through the route ({@link StreamHandler}). Both must answer alike.
 */
class DirectStreamTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static TestNode node;
    private static Javalin mounted;

    @BeforeAll
    static void start() {
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase()));
        node.awaitVersion(node.status().addService(NewService.of("api", LocalizedText.of("en", "Public API"))).version());
        mounted = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            StatusRoutes.mount(config, "", node.status());
        }).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        mounted.stop();
        node.close();
    }

    @Test
    void a_stream_opened_in_front_of_the_servlets_has_the_routes_headers_and_opening() throws Exception {
        List<String[]> requests = List.of(
                new String[] {},
                new String[] {"Last-Event-ID", "0"},
                new String[] {"Last-Event-ID", "garbage"},
                new String[] {"X-Forwarded-Proto", "https"},
                new String[] {"X-HTTP-Method-Override", "DELETE"},
                new String[] {"Sec-Fetch-Site", "same-origin"});
        for (String[] headers : requests) {
            String what = String.join(" ", headers);
            try (var direct = open(node.url("/api/status/stream"), headers);
                    var routed = open("http://127.0.0.1:" + mounted.port() + "/api/status/stream", headers)) {
                assertEquals(routed.status(), direct.status(), what);
                assertEquals(200, direct.status(), what);
                assertEquals(routed.headers(), direct.headers(), what);
                assertTrue(direct.opening().startsWith("retry: "), what + ": " + direct.opening());
                assertTrue(direct.opening().contains("\nid: "), what + ": " + direct.opening());
            }
        }
    }

    @Test
    void a_stream_asked_for_with_a_query_or_another_method_is_left_to_the_route() throws Exception {
        try (var stream = open(node.url("/api/status/stream?lastEventId=0"))) {
            assertEquals(200, stream.status());
            assertTrue(stream.opening().startsWith("retry: "), stream.opening());
        }
        var request = HttpRequest.newBuilder(URI.create(node.url("/api/status/stream"))).timeout(Duration.ofSeconds(10))
                .method("DELETE", HttpRequest.BodyPublishers.noBody()).build();
        assertEquals(404, CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    private record Opened(int status, Map<String, List<String>> headers, String opening, InputStream body) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            body.close();
        }
    }

    /** Opens a stream and reads its opening: everything up to the end of its first event. */
    private static Opened open(String url, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<InputStream> reply = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        Map<String, List<String>> all = new TreeMap<>();
        reply.headers().map().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("date")) {
                all.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(values));
            }
        });
        var opening = new StringBuilder();
        InputStream body = reply.body();
        while (!opening.toString().contains("\ndata: ") || !opening.toString().endsWith("\n\n")) {
            int b = body.read();
            if (b < 0) {
                break;
            }
            opening.append((char) b);
        }
        return new Opened(reply.statusCode(), all, new String(opening.toString().getBytes(StandardCharsets.ISO_8859_1),
                StandardCharsets.UTF_8), body);
    }
}
