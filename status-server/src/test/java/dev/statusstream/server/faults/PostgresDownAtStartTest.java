package dev.statusstream.server.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.UnavailableException;
import dev.statusstream.internal.Json;
import dev.statusstream.server.testing.FaultLogs;
import dev.statusstream.server.testing.FreePort;
import dev.statusstream.server.testing.NodeProcess;
import dev.statusstream.server.testing.PrivatePostgres;
import dev.statusstream.server.testing.ProcessClassesTakeTurns;
import dev.statusstream.server.testing.StreamRecorder;
import dev.statusstream.testing.TestServices;
import dev.statusstream.testing.Waiting;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node (re)started while PostgreSQL is down, as an orchestrator does during an outage: it starts,
 * serves the last snapshot from the Redis cache, refuses writes, and catches up by itself when
 * PostgreSQL returns.
 */
@ExtendWith(ProcessClassesTakeTurns.class)
class PostgresDownAtStartTest {

    @Test
    void a_node_started_while_postgres_is_down_serves_the_cached_snapshot_and_catches_up_when_it_returns()
            throws Exception {
        try (PrivatePostgres postgres = PrivatePostgres.start("pg-down-at-start")) {
            String database = postgres.newDatabase("status");
            String prefix = TestServices.newRedisPrefix();
            long cached;
            try (StatusStream writer = StatusStream.create(StatusStreamConfig.defaults().withDatabaseUrl(database)
                    .withRedisUrl(TestServices.redisUrl()).withRedisPrefix(prefix))) {
                writer.addService(NewService.of("api", LocalizedText.of("en", "Public API")));
                cached = writer.setStatus("api", Status.DEGRADED, LocalizedText.of("en", "Slow")).version();
            }
            postgres.stop();

            long start = System.nanoTime();
            try (NodeProcess node = NodeProcess.start("pg-down-at-start", Map.of("STATUS_DATABASE_URL", database,
                    "STATUS_REDIS_URL", TestServices.redisUrl(), "STATUS_REDIS_PREFIX", prefix))) {
                FaultLogs.figure("PostgreSQL down at node start", "node answers /healthz", (System.nanoTime() - start) / 1e6);
                JsonNode snapshot = Json.mapper().readTree(node.get("/api/status").body());
                assertEquals(cached, snapshot.get("version").asLong(), "the cached snapshot: " + snapshot);
                assertEquals("degraded", snapshot.get("services").get(0).get("status").asText());
                assertTrue(node.get("/").body().contains("Public API"), "the page renders from it");
                assertEquals(503, node.get("/readyz").statusCode());
                try (StreamRecorder client = StreamRecorder.open(node.url("/api/status/stream"))) {
                    client.awaitVersion(cached, Duration.ofSeconds(3));

                    postgres.start();
                    long back = System.nanoTime();
                    long written;
                    try (StatusStream writer = StatusStream.create(StatusStreamConfig.defaults().withDatabaseUrl(database)
                            .withRedisUrl(TestServices.redisUrl()).withRedisPrefix(prefix))) {
                        written = writer.setStatus("api", Status.OUTAGE, LocalizedText.of("en", "Down")).version();
                    }
                    client.awaitVersion(written, Duration.ofSeconds(15));
                    FaultLogs.figure("PostgreSQL down at node start", "client on the first write after PostgreSQL returned",
                            (System.nanoTime() - back) / 1e6);
                    assertEquals(1, client.connections(), "on the same stream");
                    Waiting.until(Duration.ofSeconds(10), "the node to be ready", () -> node.get("/readyz").statusCode() == 200);
                    FaultLogs.figure("PostgreSQL down at node start", "node ready after PostgreSQL returned",
                            (System.nanoTime() - back) / 1e6);
                }
            }
        }
    }

    @Test
    void a_library_that_requires_the_database_fails_at_once_without_it() throws Exception {
        // a stopped PostgreSQL refuses connections: so does a port nothing listens on, with no cluster to set up
        String database = "jdbc:postgresql://127.0.0.1:" + FreePort.pick() + "/status?user=postgres";
        long start = System.nanoTime();
        var e = org.junit.jupiter.api.Assertions.assertThrows(UnavailableException.class,
                () -> StatusStream.create(StatusStreamConfig.defaults().withDatabaseUrl(database)));
        assertTrue(e.getMessage().contains("PostgreSQL"), e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "fails fast");
    }
}
