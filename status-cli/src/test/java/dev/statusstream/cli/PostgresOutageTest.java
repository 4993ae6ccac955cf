package dev.statusstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import dev.statusstream.server.testing.NodeProcess;
import dev.statusstream.server.testing.PrivatePostgres;
import dev.statusstream.server.testing.StreamRecorder;
import dev.statusstream.testing.Closer;
import dev.statusstream.testing.TestServices;
import dev.statusstream.testing.Waiting;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped under two running nodes (separate processes) and brought back: the nodes keep
 * serving the last snapshot, writes fail fast and clearly (library, the nodes' admin API, the CLI in
 * direct and remote mode), {@code /readyz} says
 * so, and everything recovers by itself.
 */
class PostgresOutageTest {
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final String TOKEN = "postgres-outage-admin-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    @Test
    void with_postgres_stopped_nodes_serve_the_last_snapshot_writes_fail_fast_and_all_recovers_when_it_returns()
            throws Exception {
        try (Closer open = new Closer(); PrivatePostgres postgres = PrivatePostgres.start("pg-outage")) {
            String database = postgres.newDatabase("status");
            String prefix = TestServices.newRedisPrefix();
            Map<String, String> env = Map.of("STATUS_DATABASE_URL", database, "STATUS_REDIS_URL", TestServices.redisUrl(),
                    "STATUS_REDIS_PREFIX", prefix, "STATUS_HEARTBEAT", HEARTBEAT.toSeconds() + "s", "STATUS_ADMIN_TOKEN", TOKEN);
            StatusStream writer = StatusStream.create(StatusStreamConfig.defaults().withDatabaseUrl(database)
                    .withRedisUrl(TestServices.redisUrl()).withRedisPrefix(prefix));
            open.add(writer);
            writer.addService(NewService.of("api", LocalizedText.of("en", "Public API")));
            long last = writer.setStatus("api", Status.DEGRADED, LocalizedText.of("en", "Slow")).version();
            List<NodeProcess> nodes = List.of(NodeProcess.start("pg-outage-a", env), NodeProcess.start("pg-outage-b", env));
            open.addAll(nodes);
            List<StreamRecorder> clients = new ArrayList<>();
            for (NodeProcess node : nodes) {
                for (int i = 0; i < 2; i++) {
                    StreamRecorder client = StreamRecorder.open(node.url("/api/status/stream"));
                    open.add(client);
                    clients.add(client);
                    client.awaitVersion(last, Duration.ofSeconds(3));
                }
            }
            postgres.stop();
            int[] beats = clients.stream().mapToInt(StreamRecorder::heartbeats).toArray();
            for (NodeProcess node : nodes) {
                long start = System.nanoTime();
                HttpResponse<String> status = node.get("/api/status");
                FaultLogs.figure("PostgreSQL stopped", "/api/status answers (last snapshot)", millis(System.nanoTime() - start));
                assertEquals(200, status.statusCode());
                assertEquals(last, Json.mapper().readTree(status.body()).get("version").asLong());
                HttpResponse<String> page = node.get("/");
                assertEquals(200, page.statusCode());
                assertTrue(page.body().contains("Public API"));
                try (StreamRecorder fresh = StreamRecorder.open(node.url("/api/status/stream"))) {
                    start = System.nanoTime();
                    fresh.awaitVersion(last, Duration.ofSeconds(2));
                    FaultLogs.figure("PostgreSQL stopped", "a new stream gets the last snapshot", millis(System.nanoTime() - start));
                }

                start = System.nanoTime();
                HttpResponse<String> ready = node.get("/readyz");
                FaultLogs.figure("PostgreSQL stopped", "/readyz answers 503", millis(System.nanoTime() - start));
                assertEquals(503, ready.statusCode());
                JsonNode body = Json.mapper().readTree(ready.body());
                assertEquals("down", body.get("postgres").asText());
                assertTrue(body.get("postgresError").asText().contains("PostgreSQL"), body.toString());
            }

            long start = System.nanoTime();
            UnavailableException failure = assertThrows(UnavailableException.class,
                    () -> writer.setStatus("api", Status.OUTAGE, null));
            long took = System.nanoTime() - start;
            FaultLogs.figure("PostgreSQL stopped", "a write fails (library)", millis(took));
            assertTrue(took < writer.config().databaseTimeout().plusSeconds(1).toNanos(), "failed within the timeout");
            assertTrue(failure.getMessage().startsWith("PostgreSQL is unavailable"), failure.getMessage());

            // the nodes' own admin API: a write answers 503 with Retry-After and a JSON error, within the timeout
            for (NodeProcess node : nodes) {
                start = System.nanoTime();
                HttpResponse<String> http = setStatus(node, "outage");
                took = System.nanoTime() - start;
                FaultLogs.figure("PostgreSQL stopped", "a write fails (admin API, 503)", millis(took));
                assertEquals(503, http.statusCode(), http.body());
                assertEquals("5", http.headers().firstValue("Retry-After").orElse(null));
                assertTrue(http.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
                assertTrue(Json.mapper().readTree(http.body()).get("error").asText().startsWith("PostgreSQL is unavailable"),
                        http.body());
                assertTrue(took < writer.config().databaseTimeout().plusSeconds(1).toNanos(),
                        "answered within the database timeout: " + millis(took) + " ms");
            }

            // and the CLI in remote mode against a node, as an operator runs it
            start = System.nanoTime();
            Cli remote = cliProcess(database, prefix, Map.of("STATUS_ADMIN_TOKEN", TOKEN),
                    "--server", nodes.getFirst().url(""), "service", "set", "api", "outage");
            FaultLogs.figure("PostgreSQL stopped", "CLI --server write exits 1 (incl. JVM start)", millis(System.nanoTime() - start));
            assertEquals(1, remote.exit(), remote.stderr());
            assertEquals(1, remote.stderr().lines().count(), "one line: " + remote.stderr());
            assertTrue(remote.stderr().startsWith("error: ") && remote.stderr().contains("PostgreSQL is unavailable"),
                    remote.stderr());

            start = System.nanoTime();
            Cli cli = cliProcess(database, prefix, "service", "set", "api", "outage");
            FaultLogs.figure("PostgreSQL stopped", "CLI write exits 1 (incl. JVM start)", millis(System.nanoTime() - start));
            assertEquals(1, cli.exit(), cli.stderr());
            assertEquals(1, cli.stderr().lines().count(), "one line: " + cli.stderr());
            assertTrue(cli.stderr().startsWith("error: PostgreSQL is unavailable"), cli.stderr());

            Thread.sleep(HEARTBEAT.multipliedBy(2).toMillis());
            for (int i = 0; i < clients.size(); i++) {
                StreamRecorder client = clients.get(i);
                assertTrue(client.connected(), "the stream stayed open");
                assertTrue(client.heartbeats() > beats[i], "and kept its heartbeat");
                assertEquals(last, client.version());
            }

            postgres.start();
            long back = System.nanoTime();
            long written = -1;
            while (written < 0) {
                try {
                    written = writer.setStatus("api", Status.OUTAGE, LocalizedText.of("en", "Down")).version();
                } catch (UnavailableException e) {
                    assertTrue(System.nanoTime() - back < TimeUnit.SECONDS.toNanos(15), "writes work again: " + e.getMessage());
                    Thread.sleep(100);
                }
            }
            FaultLogs.figure("PostgreSQL restarted", "writes work again", millis(System.nanoTime() - back));
            long reached = StreamRecorder.awaitAll(clients, written, Duration.ofSeconds(5));
            for (StreamRecorder client : clients) {
                assertEquals(1, client.connections(), "no client had to reconnect");
            }
            FaultLogs.figure("PostgreSQL restarted", "every client on the first write after it", millis(reached - back));
            for (NodeProcess node : nodes) {
                Waiting.until(Duration.ofSeconds(5), node.name() + " ready again", () -> node.get("/readyz").statusCode() == 200);
            }
            FaultLogs.figure("PostgreSQL restarted", "/readyz 200 on every node", millis(System.nanoTime() - back));
            Cli again = cliProcess(database, prefix, "service", "set", "api", "operational");
            assertEquals(0, again.exit(), again.stderr());
            HttpResponse<String> admin = setStatus(nodes.getLast(), "degraded");
            assertEquals(200, admin.statusCode(), "the admin API writes again: " + admin.body());
        }
    }

    /** {@code PUT /api/admin/services/api/status} on a node, with its admin token. */
    private static HttpResponse<String> setStatus(NodeProcess node, String status) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(node.url("/api/admin/services/api/status")))
                .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"status\": \"" + status + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    record Cli(int exit, String stdout, String stderr) {
    }

    /** The CLI as an operator runs it: its own JVM, configured by the environment. */
    static Cli cliProcess(String database, String prefix, String... args) throws Exception {
        return cliProcess(database, prefix, Map.of(), args);
    }

    /** As above, with {@code extraEnv} set too. */
    static Cli cliProcess(String database, String prefix, Map<String, String> extraEnv, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), "dev.statusstream.cli.Main"));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("STATUS_"));
        builder.environment().putAll(Map.of("STATUS_DATABASE_URL", database, "STATUS_REDIS_URL", TestServices.redisUrl(),
                "STATUS_REDIS_PREFIX", prefix));
        builder.environment().putAll(extraEnv);
        Process process = builder.start();
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try {
                err.complete(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                err.completeExceptionally(e);
            }
        });
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the CLI did not finish");
        }
        return new Cli(process.exitValue(), out, err.get(10, TimeUnit.SECONDS));
    }
}
