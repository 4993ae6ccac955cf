package dev.statusstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.NewService;
import dev.statusstream.Snapshot;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.internal.Json;
import dev.statusstream.internal.LocalConnection;
import dev.statusstream.server.testing.NodeProcess;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.SilentCommit;
import dev.statusstream.testing.TestServices;
import dev.statusstream.testing.Waiting;
import io.lettuce.core.RedisClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI writes as the server does: with the same snapshot-shaping settings (from its environment or
 * the connection file a local server left), in the deployment's default language, and it says what a
 * publish really did.
 */
class SharedSettingsTest {
    private static final String TOKEN = "shared-settings-token-0123456789";
    @TempDir
    Path dataDirectory;

    /** What one run printed. */
    record Run(int code, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Cli.create(env, new PrintWriter(out, true), new PrintWriter(err, true)).run(args);
        return new Run(code, out.toString().strip(), err.toString().strip());
    }

    private static String ok(Map<String, String> env, String... args) {
        Run run = run(env, args);
        assertEquals(0, run.code(), "status " + String.join(" ", args) + ": " + run.err());
        return run.out();
    }

    private static String[] remote(String server, String... args) {
        return Stream.concat(Stream.of("--server", server), Stream.of(args)).toArray(String[]::new);
    }

    @Test
    void a_direct_write_keeps_the_recent_incidents_window_and_cache_lifetime_the_server_runs_with() throws Exception {
        String database = TestServices.newMigratedDatabase();
        String prefix = TestServices.newRedisPrefix();
        Map<String, String> env = Map.of("STATUS_DATABASE_URL", database, "STATUS_REDIS_URL", TestServices.redisUrl(),
                "STATUS_REDIS_PREFIX", prefix, "STATUS_RECENT_INCIDENTS", "1m", "STATUS_CACHE_TTL", "10m");
        // an incident resolved 80 s ago, outside the shared one-minute window
        try (StatusStream earlier = StatusStream.builder().config(StatusStreamConfig.fromEnvironment(env))
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-80))).build()) {
            earlier.addService(NewService.of("api", LocalizedText.of("en", "API")));
            String slug = earlier.openIncident(NewIncident.incident(LocalizedText.of("en", "Old thing"), Status.DEGRADED,
                    List.of("api"), null)).value().slug();
            earlier.resolveIncident(slug, null);
        }
        try (TestNode node = TestNode.start(env)) {
            StatusStream server = node.status();
            long serverWrite = server.setStatus("api", Status.DEGRADED, null).version();
            node.awaitVersion(serverWrite);
            assertTrue(node.status().snapshot().incidents().isEmpty(), "the server's own write leaves the old incident out");

            ok(env, "service", "set", "api", "operational");
            node.awaitVersion(serverWrite + 1);
            assertEquals(List.of(), node.status().snapshot().incidents(), "the CLI's snapshot, applied as it is by the node");
            RedisClient client = RedisClient.create(TestServices.redisUrl());
            try (var connection = client.connect()) {
                Snapshot cached = Snapshot.fromJson(connection.sync().get(prefix + ":snapshot"));
                assertEquals(serverWrite + 1, cached.version());
                assertEquals(List.of(), cached.incidents());
                long ttl = connection.sync().pttl(prefix + ":snapshot");
                assertTrue(ttl > 590_000, "the CLI cached with the shared 10m lifetime, not its own 60s: " + ttl);
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void a_remote_cli_without_a_language_setting_writes_plain_texts_in_the_servers_default_language() throws Exception {
        try (TestNode node = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(),
                "STATUS_DEFAULT_LANGUAGE", "ja", "STATUS_ADMIN_TOKEN", TOKEN))) {
            String server = "http://127.0.0.1:" + node.port();
            Map<String, String> env = Map.of("STATUS_ADMIN_TOKEN", TOKEN);
            assertTrue(ok(env, remote(server, "service", "add", "api", "--label", "Public API")).startsWith("added api"));
            ok(env, remote(server, "service", "set", "api", "degraded", "--summary", "Slow", "--summary", "en=Slow too"));
            var api = node.status().service("api").orElseThrow();
            assertEquals(Map.of("ja", "Public API"), api.label().values());
            assertEquals(Map.of("ja", "Slow", "en", "Slow too"), api.statusSummary().values());
            Run twice = run(env, remote(server, "service", "edit", "api", "--label", "API", "--label", "ja=API"));
            assertEquals(2, twice.code());
            assertEquals("error: --label: gives the 'ja' text twice", twice.err());

            // reading needs no token, so it does not ask the server for its language
            assertTrue(ok(Map.of(), remote(server, "list")).contains("api"));
        }
    }

    @Test
    void publish_without_redis_announces_through_postgres_so_a_node_that_missed_a_change_catches_up() throws Exception {
        String database = TestServices.newMigratedDatabase();
        // the version check is far off: only the announcement can bring the node up to date in time
        try (TestNode node = TestNode.start(Map.of("STATUS_DATABASE_URL", database, "STATUS_RESYNC_INTERVAL", "10m"))) {
            node.status().addService(NewService.of("api", LocalizedText.of("en", "API")));
            node.awaitVersion(1);
            TestServices.awaitListening(database);
            long missed = SilentCommit.setStatus(database, "api", "outage");
            Thread.sleep(500);
            assertEquals(1, node.status().snapshot().version(), "nothing announced the silent commit");

            assertEquals("announced version " + missed + " through PostgreSQL (no Redis configured)",
                    ok(Map.of("STATUS_DATABASE_URL", database), "publish"));
            node.awaitVersion(missed);
            assertEquals(Status.OUTAGE, node.status().snapshot().service("api").orElseThrow().status());

            JsonNode json = Json.mapper().readTree(ok(Map.of("STATUS_DATABASE_URL", database), "--json", "publish"));
            assertEquals("notConfigured", json.get("publication").get("redis").asText());
        }
        Map<String, String> withRedis = Map.of("STATUS_DATABASE_URL", database, "STATUS_REDIS_URL", TestServices.redisUrl(),
                "STATUS_REDIS_PREFIX", TestServices.newRedisPrefix());
        assertTrue(ok(withRedis, "publish").matches("published version \\d+ to Redis and PostgreSQL"));
    }

    /**
     * The quick start for real: {@code java -jar status-server.jar} with the embedded database, then the
     * CLI in the same folder with nothing set, in both modes.
     */
    @Test
    void the_quick_start_cli_writes_like_the_server_that_left_its_settings_and_its_token_reaches_only_that_server() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("STATUS_DATA_DIR", dataDirectory.toString());
        settings.put("STATUS_DEFAULT_LANGUAGE", "ja");
        settings.put("STATUS_RECENT_INCIDENTS", "2d");
        settings.put("STATUS_ADMIN_TOKENS", "meant-to-be-the-admin-token");
        try (NodeProcess server = NodeProcess.start("quick-start-ja", settings)) {
            String log = Files.readString(server.log());
            assertTrue(log.contains("STATUS_ADMIN_TOKENS is not a setting and is ignored (did you mean STATUS_ADMIN_TOKEN?)"), log);
            Path file = dataDirectory.resolve(LocalConnection.FILE);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            LocalConnection local = LocalConnection.read(dataDirectory).orElseThrow();
            assertEquals(server.url(""), local.serverUrl());
            assertEquals("ja", local.settings().get("STATUS_DEFAULT_LANGUAGE"));
            assertEquals("2d", local.settings().get("STATUS_RECENT_INCIDENTS"));
            assertEquals("1m", local.settings().get("STATUS_CACHE_TTL"));

            Map<String, String> nothingSet = Map.of("STATUS_DATA_DIR", dataDirectory.toString());
            ok(nothingSet, "service", "add", "api", "--label", "Public API");
            assertEquals("announced version 1 through PostgreSQL (no Redis configured)", ok(nothingSet, "publish"));
            String localhost = server.url("").replace("127.0.0.1", "localhost");
            ok(nothingSet, remote(localhost, "service", "set", "api", "degraded", "--summary", "Slow"));
            Waiting.until(Duration.ofSeconds(3), "the server to serve version 2", () -> server.version() >= 2);
            JsonNode api = Json.mapper().readTree(server.get("/api/status").body()).get("services").get(0);
            assertEquals("{\"ja\":\"Public API\"}", api.get("label").toString(), "direct mode: the server's language");
            assertEquals("{\"ja\":\"Slow\"}", api.get("statusSummary").toString(), "remote mode: the server's language");

            int otherPort;
            try (var socket = new ServerSocket(0)) {
                otherPort = socket.getLocalPort();
            }
            Run elsewhere = run(nothingSet, remote("http://127.0.0.1:" + otherPort, "publish"));
            assertEquals(2, elsewhere.code(), elsewhere.err());
            assertTrue(elsewhere.err().startsWith("error: STATUS_ADMIN_TOKEN: is not set"), "the generated token stays home: "
                    + elsewhere.err());
        }
    }
}
