package dev.statusstream.server.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aayushatharva.brotli4j.decoder.Decoder;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.server.testing.Http;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Public reads rendered once per version, over real HTTP: the same bytes without a new render, {@code 304}
 * on the tag, gzip that decompresses to the same page, the same tag on two nodes at one version, a new tag
 * after a change.
 */
class RenderedReadsTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> PATHS = List.of("/", "/history", "/api/status", "/api/v2/summary.json",
            "/api/v2/incidents.json", "/history.atom", "/badge.svg");

    private Map<String, String> env;
    private TestNode node;
    private String slug;

    @BeforeEach
    void start() {
        env = Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(), "STATUS_REDIS_URL", TestServices.redisUrl(),
                "STATUS_REDIS_PREFIX", TestServices.newRedisPrefix());
        node = TestNode.start(env);
        for (int i = 0; i < 4; i++) {
            node.status().addService(NewService.of("svc-" + i, LocalizedText.of("en", "Service " + i)));
        }
        slug = node.status().openIncident(NewIncident.incident(LocalizedText.of("en", "Slow logins"), Status.DEGRADED,
                List.of("svc-1"), LocalizedText.of("en", "Looking into it"))).value().slug();
        node.awaitVersion(node.status().snapshot().version());
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void every_public_read_is_rendered_once_per_version_and_then_served_as_the_same_bytes() throws Exception {
        for (String path : PATHS) {
            var first = get(node, path);
            assertEquals(200, first.statusCode(), path);
            double renders = renders(node);
            for (int k = 0; k < 5; k++) {
                var again = get(node, path);
                assertArrayEquals(first.body(), again.body(), path + ": the same bytes");
                assertEquals(first.headers().firstValue("ETag"), again.headers().firstValue("ETag"), path);
            }
            assertEquals(renders, renders(node), path + ": served from memory, not rendered again");
        }
        var incident = get(node, "/incidents/" + slug);
        double renders = renders(node);
        assertArrayEquals(incident.body(), get(node, "/incidents/" + slug).body());
        assertEquals(renders, renders(node), "the incident page too");
    }

    @Test
    void a_copy_the_reader_has_gets_304_and_gzip_and_brotli_are_the_same_page_compressed() throws Exception {
        for (String path : List.of("/", "/api/status", "/api/v2/summary.json", "/history")) {
            var plain = get(node, path);
            String etag = plain.headers().firstValue("ETag").orElseThrow();
            assertTrue(etag.startsWith("\""), path + ": a strong tag, " + etag);
            assertTrue(plain.headers().firstValue("Vary").orElseThrow().contains("Accept-Encoding"), path);

            var zipped = get(node, path, "Accept-Encoding", "gzip, deflate");
            assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElseThrow(), path);
            assertArrayEquals(plain.body(), gunzip(zipped.body()), path + ": the same bytes once decompressed");
            assertTrue(zipped.body().length * 3 < plain.body().length, path + ": smaller");
            String zippedTag = zipped.headers().firstValue("ETag").orElseThrow();
            assertNotEquals(etag, zippedTag, path + ": each coding has its own strong tag");

            var notModified = get(node, path, "If-None-Match", etag);
            assertEquals(304, notModified.statusCode(), path);
            assertEquals(0, notModified.body().length);
            assertEquals(304, get(node, path, "If-None-Match", zippedTag, "Accept-Encoding", "gzip").statusCode(), path);
            assertNull(get(node, path, "Accept-Encoding", "gzip;q=0").headers().firstValue("Content-Encoding").orElse(null),
                    path + ": q=0 refuses gzip");

            var brotli = get(node, path, "Accept-Encoding", "gzip, deflate, br, zstd");
            assertEquals("br", brotli.headers().firstValue("Content-Encoding").orElseThrow(), path + ": brotli first");
            assertArrayEquals(plain.body(), Decoder.decompress(brotli.body()).getDecompressedData(), path);
            assertTrue(brotli.body().length < zipped.body().length, path + ": smaller than gzip");
            String brotliTag = brotli.headers().firstValue("ETag").orElseThrow();
            assertEquals(304, get(node, path, "If-None-Match", brotliTag, "Accept-Encoding", "br").statusCode(), path);
        }
    }

    @Test
    void a_change_makes_a_new_tag_and_the_page_shows_it() throws Exception {
        String before = get(node, "/").headers().firstValue("ETag").orElseThrow();
        long version = node.status().setStatus("svc-2", Status.OUTAGE, LocalizedText.of("en", "Disk full")).version();
        node.awaitVersion(version);
        var after = get(node, "/");
        assertNotEquals(before, after.headers().firstValue("ETag").orElseThrow());
        assertEquals(200, get(node, "/", "If-None-Match", before).statusCode(), "the old copy is stale");
        assertTrue(new String(after.body(), StandardCharsets.UTF_8).contains("Disk full"));
    }

    @Test
    void the_page_without_javascript_still_has_every_part() throws Exception {
        String html = new String(get(node, "/").body(), StandardCharsets.UTF_8);
        for (String part : List.of("Slow logins", "Looking into it", "Service 0", "Service 3", "id=\"past\"",
                "/history.atom", "<time datetime=")) {
            assertTrue(html.contains(part), part);
        }
        assertEquals(4 * 90, html.split("data-day=\"").length - 1, "a 90-day bar per service");
    }

    @Test
    void two_nodes_serving_one_version_give_the_same_bytes_and_tags() throws Exception {
        try (TestNode other = TestNode.start(env)) {
            long version = node.status().setStatus("svc-0", Status.DEGRADED, LocalizedText.of("en", "Both nodes")).version();
            node.awaitVersion(version);
            other.awaitVersion(version);
            assertEquals(node.status().snapshot().generatedAt(), other.status().snapshot().generatedAt(),
                    "both hold the writer's snapshot");
            for (String path : PATHS) {
                var here = get(node, path, "Accept-Encoding", "gzip");
                var there = get(other, path, "Accept-Encoding", "gzip");
                assertEquals(here.headers().firstValue("ETag"), there.headers().firstValue("ETag"), path);
                assertArrayEquals(here.body(), there.body(), path);
                String tag = here.headers().firstValue("ETag").orElseThrow();
                assertEquals(304, get(other, path, "If-None-Match", tag, "Accept-Encoding", "gzip").statusCode(),
                        path + ": a copy from one node is current on the other");
            }
        }
    }

    static double renders(TestNode node) throws Exception {
        for (String line : Http.get(node.url("/metrics")).body().split("\n")) {
            if (line.startsWith("statusstream_reads_rendered_total ")) {
                return Double.parseDouble(line.split(" ")[1]);
            }
        }
        throw new AssertionError("no statusstream_reads_rendered_total in /metrics");
    }

    static HttpResponse<byte[]> get(TestNode node, String path, String... headers) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(node.url(path))).timeout(Duration.ofSeconds(10)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] gunzip(byte[] bytes) throws IOException {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }
}
