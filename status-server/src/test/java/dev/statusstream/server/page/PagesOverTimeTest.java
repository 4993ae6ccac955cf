package dev.statusstream.server.page;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.server.testing.Http;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.MutableClock;
import dev.statusstream.testing.TestServices;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the public reads show is a function of the version and a coarse step of the clock, never of the
 * node or the moment of rendering: a node that builds the snapshot itself serves the writer's bytes, and an
 * outage going on shows its hours at every step of the clock, each step rendered once.
 */
class PagesOverTimeTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Instant TEN = Instant.parse("2026-12-07T10:00:00Z");

    private final MutableClock clock = new MutableClock(TEN);
    private Map<String, String> env;
    private TestNode node;

    @BeforeEach
    void start() {
        env = Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(), "STATUS_REDIS_URL", TestServices.redisUrl(),
                "STATUS_REDIS_PREFIX", TestServices.newRedisPrefix());
        node = TestNode.start(env, clock);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void a_node_that_builds_the_snapshot_itself_serves_the_writers_bytes_and_tags() throws Exception {
        for (int i = 0; i < 3; i++) {
            node.status().addService(NewService.of("svc-" + i, LocalizedText.of("en", "Service " + i)));
        }
        String slug = node.status().openIncident(NewIncident.incident(LocalizedText.of("en", "Slow logins"),
                Status.DEGRADED, List.of("svc-1"), LocalizedText.of("en", "Looking into it"))).value().slug();
        long version = node.status().setStatus("svc-2", Status.OUTAGE, LocalizedText.of("en", "Disk full")).version();
        node.awaitVersion(version);
        // a minute later, within the same step: the new node reads the snapshot from PostgreSQL, where the
        // writer built it in its transaction
        clock.advance(Duration.ofMinutes(1));
        try (TestNode late = TestNode.start(env, clock)) {
            assertEquals(version, late.status().snapshot().version());
            // compared on the wire: a node that took the snapshot from a message rather than from its own
            // commit holds no stored sort keys (the wire leaves them out; the list is already in page order)
            assertEquals(node.status().snapshot().toJson(), late.status().snapshot().toJson(), "one version, one snapshot");
            for (String path : List.of("/", "/history", "/incidents/" + slug, "/api/status", "/api/v2/summary.json",
                    "/api/v2/incidents.json", "/history.atom", "/badge.svg")) {
                for (String coding : List.of("identity", "gzip", "br")) {
                    var here = get(node, path, "Accept-Encoding", coding);
                    var there = get(late, path, "Accept-Encoding", coding);
                    assertEquals(200, there.statusCode(), path);
                    assertEquals(here.headers().firstValue("ETag"), there.headers().firstValue("ETag"), path + " " + coding);
                    assertArrayEquals(here.body(), there.body(), path + " " + coding);
                }
            }
        }
    }

    @Test
    void an_outage_going_on_shows_its_hours_at_each_step_without_a_change_or_a_render_per_request() throws Exception {
        node.status().addService(NewService.of("api", LocalizedText.of("en", "API")));
        clock.set(TEN.plus(Duration.ofHours(1)));
        long version = node.status().setStatus("api", Status.OUTAGE, LocalizedText.of("en", "Down")).version();
        node.awaitVersion(version);
        var atChange = get(node, "/");
        assertTrue(html(atChange).contains("100% uptime since"), "no time in outage yet");

        // two hours on, nothing written: the page is drawn as of 13:00, the step it is in
        clock.set(TEN.plus(Duration.ofHours(3)).plusSeconds(90));
        double renders = renders();
        var later = get(node, "/");
        assertEquals(renders + 1, renders(), "one render for the new step");
        assertTrue(html(later).contains("Outage 2 h"), "today's cell counts the outage's hours");
        assertTrue(html(later).contains("33.33% uptime since"), "1 h up of 3 h covered");
        String tag = later.headers().firstValue("ETag").orElseThrow();
        assertNotEquals(atChange.headers().firstValue("ETag").orElseThrow(), tag);

        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(30));
            var again = get(node, "/");
            assertEquals(tag, again.headers().firstValue("ETag").orElseThrow(), "the same step, the same copy");
            assertArrayEquals(later.body(), again.body());
            assertEquals(304, get(node, "/", "If-None-Match", tag).statusCode());
        }
        assertEquals(renders + 1, renders(), "no render per request within a step");

        clock.set(TEN.plus(Duration.ofHours(3)).plus(PageHistory.STEP));
        var next = get(node, "/");
        assertTrue(html(next).contains("Outage 2 h 5 min"), "the next step counts five more minutes");
        assertNotEquals(tag, next.headers().firstValue("ETag").orElseThrow());
        assertEquals(200, get(node, "/", "If-None-Match", tag).statusCode(), "the older step's copy is stale");
        assertEquals(renders + 2, renders());
    }

    private double renders() throws Exception {
        for (String line : Http.get(node.url("/metrics")).body().split("\n")) {
            if (line.startsWith("statusstream_reads_rendered_total ")) {
                return Double.parseDouble(line.split(" ")[1]);
            }
        }
        throw new AssertionError("no statusstream_reads_rendered_total in /metrics");
    }

    private static String html(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static HttpResponse<byte[]> get(TestNode node, String path, String... headers)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(node.url(path))).timeout(Duration.ofSeconds(10)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
