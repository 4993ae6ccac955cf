package dev.statusstream.server.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.server.testing.FaultLogs;
import dev.statusstream.server.testing.Http;
import dev.statusstream.server.testing.PrivatePostgres;
import dev.statusstream.server.testing.ProcessClassesTakeTurns;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.Waiting;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL stopped under a running node: every public read answers at once from what the node holds
 * (the page, the history it has shown, the Statuspage documents), or {@code 503} at once for what it never
 * read, instead of waiting out the pool's timeout.
 */
@ExtendWith(ProcessClassesTakeTurns.class)
class PostgresDownReadsTest {
    /** Far below the pool's 3 s timeout, which every read waited out before. */
    private static final Duration FAST = Duration.ofMillis(1000);

    @Test
    void with_postgres_stopped_every_public_read_answers_at_once_from_memory() throws Exception {
        try (PrivatePostgres postgres = PrivatePostgres.start("pg-down-reads");
             TestNode node = TestNode.start(Map.of("STATUS_DATABASE_URL", postgres.newDatabase("status")))) {
            node.status().addService(NewService.of("api", LocalizedText.of("en", "Public API")));
            node.status().addService(NewService.of("web", LocalizedText.of("en", "Website")));
            String over = node.status().openIncident(NewIncident.incident(LocalizedText.of("en", "Yesterday's blip"),
                    Status.DEGRADED, List.of("web"), LocalizedText.of("en", "Seen"))).value().slug();
            node.status().resolveIncident(over, LocalizedText.of("en", "Gone"));
            String open = node.status().openIncident(NewIncident.incident(LocalizedText.of("en", "Database trouble"),
                    Status.OUTAGE, List.of("api"), LocalizedText.of("en", "Investigating"))).value().slug();
            node.awaitVersion(node.status().snapshot().version());
            List<String> shown = List.of("/", "/history", "/incidents/" + open, "/incidents/" + over, "/api/status",
                    "/api/v2/incidents.json", "/history.atom");
            for (String path : shown) {
                assertEquals(200, Http.get(node.url(path)).statusCode(), path);
            }

            postgres.stop();
            Waiting.until(Duration.ofSeconds(20), "the node to notice PostgreSQL is down",
                    () -> metric(node, "statusstream_reads_postgres_down") == 1.0);

            Map<String, Integer> expected = new LinkedHashMap<>();
            shown.forEach(path -> expected.put(path, 200));
            expected.put("/?lang=ja", 200); // not rendered before: drawn from the bars and list already held
            expected.put("/api/v2/incidents.json?lang=ja", 200); // the list read before, in another language
            expected.put("/api/v2/summary.json", 200); // the snapshot alone
            expected.put("/history?kind=maintenance", 503); // never read: nothing to show, said at once
            for (var entry : expected.entrySet()) {
                long start = System.nanoTime();
                HttpResponse<String> response = Http.get(node.url(entry.getKey()));
                double millis = (System.nanoTime() - start) / 1e6;
                FaultLogs.figure("PostgreSQL stopped", "GET " + entry.getKey(), millis);
                assertEquals(entry.getValue(), response.statusCode(), entry.getKey());
                assertTrue(millis < FAST.toMillis(), entry.getKey() + " took " + millis + " ms");
            }
            String page = Http.get(node.url("/")).body();
            assertTrue(page.contains("Database trouble") && page.contains("Yesterday's blip"), "the page is whole");
            assertTrue(!page.contains("class=\"notice\""), "with its uptime bars: " + page);

            postgres.start();
            Waiting.until(Duration.ofSeconds(20), "reads to use PostgreSQL again",
                    () -> metric(node, "statusstream_reads_postgres_down") == 0.0);
            assertEquals(200, Http.get(node.url("/history?kind=maintenance")).statusCode(), "back by itself");
        }
    }

    private static double metric(TestNode node, String series) {
        try {
            for (String line : Http.get(node.url("/metrics")).body().split("\n")) {
                if (line.startsWith(series + " ")) {
                    return Double.parseDouble(line.substring(series.length() + 1).strip());
                }
            }
        } catch (Exception e) {
            throw new AssertionError("cannot scrape /metrics", e);
        }
        throw new AssertionError("no " + series + " in /metrics");
    }
}
