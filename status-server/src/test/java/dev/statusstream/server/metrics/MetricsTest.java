package dev.statusstream.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.server.testing.Http;
import dev.statusstream.server.testing.SseClient;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.time.Duration;
import java.util.Map;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /metrics} of a real node with Redis, scraped as Prometheus would. */
class MetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String ORIGIN = "https://status.example.com";
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(),
                "STATUS_REDIS_URL", TestServices.redisUrl(), "STATUS_REDIS_PREFIX", TestServices.newRedisPrefix(),
                "STATUS_MODE", "production", "STATUS_ALLOWED_ORIGINS", ORIGIN, "STATUS_HEARTBEAT", "200ms"));
        node.awaitVersion(node.status().addService(NewService.of("api", LocalizedText.of("en", "Public API"))).version());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static String scrape() throws Exception {
        var response = Http.get(node.url("/metrics"));
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", Http.header(response, "Content-Type"));
        return response.body();
    }

    /** The value of one series, e.g. {@code statusstream_streams_rejected_total{reason="origin"}}. */
    static double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip().split(" ")[0]);
            }
        }
        throw new AssertionError("no series " + series + " in:\n" + scrape);
    }

    /** Scrapes until {@code series} satisfies {@code wanted}. */
    private static double await(String series, DoublePredicate wanted) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        double last = value(scrape(), series);
        while (!wanted.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            last = value(scrape(), series);
        }
        return last;
    }

    @Test
    void the_scrape_has_stream_sync_jvm_process_and_pool_meters() throws Exception {
        String scrape = scrape();
        for (String series : new String[] {"statusstream_streams_open", "statusstream_snapshot_version",
            "statusstream_stream_events_sent_total", "statusstream_stream_sent_bytes_total",
            "statusstream_stream_slow_clients_dropped_total", "statusstream_streams_rejected_total{reason=\"per_ip\"}",
            "statusstream_stream_starts_total{outcome=\"replayed\"}", "statusstream_stream_starts_total{outcome=\"caught_up\"}",
            "statusstream_redis_reconnects_total", "statusstream_resyncs_total", "statusstream_snapshots_applied_total",
            "statusstream_broadcast_latency_seconds_count", "process_uptime_seconds",
            "hikaricp_connections_max{pool=\"statusstream\"}"}) {
            value(scrape, series);
        }
        assertTrue(scrape.contains("# TYPE statusstream_streams_open gauge"), scrape);
        assertTrue(scrape.contains("jvm_memory_used_bytes{"), "JVM memory");
        assertTrue(value(scrape, "hikaricp_connections_max{pool=\"statusstream\"}") >= 1);
    }

    @Test
    void a_stream_and_a_change_move_the_counters_and_the_latency_histogram() throws Exception {
        String before = scrape();
        double events = value(before, "statusstream_stream_events_sent_total");
        double bytes = value(before, "statusstream_stream_sent_bytes_total");
        double broadcasts = value(before, "statusstream_broadcast_latency_seconds_count");
        double fresh = value(before, "statusstream_stream_starts_total{outcome=\"fresh\"}");
        try (SseClient client = SseClient.open(node.url("/api/status/stream"), "Origin", ORIGIN)) {
            client.expect(WAIT);
            assertEquals(1, await("statusstream_streams_open", v -> v == 1));
            assertEquals(fresh + 1, value(scrape(), "statusstream_stream_starts_total{outcome=\"fresh\"}"),
                    "a stream without Last-Event-ID counts as a fresh start");
            long version = node.status().setStatus("api", Status.OUTAGE, LocalizedText.of("en", "Down")).version();
            assertEquals(Long.toString(version), client.expect(WAIT).id());
            assertTrue(await("statusstream_stream_events_sent_total", v -> v >= events + 2) >= events + 2,
                    "the first snapshot and the change");
            String after = scrape();
            assertTrue(value(after, "statusstream_stream_sent_bytes_total") > bytes);
            assertTrue(value(after, "statusstream_broadcast_latency_seconds_count") >= broadcasts + 1);
            assertTrue(value(after, "statusstream_broadcasts_total") >= 1, "the fan-out counts broadcasts");
            assertTrue(value(after, "statusstream_broadcast_fanout_time_seconds_total") > 0, "and the time it spent");
            assertEquals(version, value(after, "statusstream_snapshot_version"));
            double withinASecond = value(after, "statusstream_broadcast_latency_seconds_bucket{le=\"1.0\"}");
            assertTrue(withinASecond >= 1, "a local change reaches the streams within a second");
        }
        assertEquals(0, await("statusstream_streams_open", v -> v == 0), "a closed stream is noticed at a heartbeat");
    }

    @Test
    void a_forbidden_origin_is_counted() throws Exception {
        String series = "statusstream_streams_rejected_total{reason=\"origin\"}";
        double before = value(scrape(), series);
        try (SseClient evil = SseClient.open(node.url("/api/status/stream"), "Origin", "https://evil.example")) {
            assertEquals(403, evil.status());
        }
        assertEquals(before + 1, value(scrape(), series));
    }

    @Test
    void metrics_are_not_cached_nor_shared_across_origins() throws Exception {
        var response = Http.get(node.url("/metrics"), "Origin", "https://elsewhere.example");
        assertEquals("no-store", Http.header(response, "Cache-Control"));
        assertEquals(null, Http.header(response, "Access-Control-Allow-Origin"));
    }
}
