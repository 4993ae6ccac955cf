package dev.statusstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.cli.CliNode.Run;
import dev.statusstream.internal.Json;
import dev.statusstream.internal.LocalAdminToken;
import dev.statusstream.internal.LocalConnection;
import dev.statusstream.server.testing.SseClient;
import dev.statusstream.server.testing.TestNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CLI against a running server node, in direct mode (the database) and remote mode (the admin
 * API): an operator's whole incident and maintenance window, what {@code watch} printed and what the
 * page's stream delivered, and the failures an operator will meet.
 */
class CliEndToEndTest {
    private static final String TOKEN = "cli-end-to-end-token-0123456789";
    private CliNode cli;
    private Map<String, String> database;
    private TestNode node;
    @TempDir
    Path dataDirectory;

    @BeforeEach
    void start() {
        cli = CliNode.startWithRedis(TOKEN).set("STATUS_DATA_DIR", dataDirectory.toString());
        database = cli.database();
        node = cli.node();
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    private String server() {
        return cli.server();
    }

    private Map<String, String> env(String mode) {
        return cli.env(mode);
    }

    private String[] args(String mode, String... args) {
        return cli.args(mode, args);
    }

    private static Run run(Map<String, String> env, String... args) {
        return CliNode.run(env, args).stripped();
    }

    private String ok(String mode, String... args) {
        return cli.ok(mode, args);
    }

    @ParameterizedTest(name = "{0} mode")
    @ValueSource(strings = {"direct", "remote"})
    void an_operator_runs_an_incident_and_a_maintenance_window_and_watch_and_the_page_see_each_step(String mode) throws Exception {
        var watched = new StringWriter();
        var watchErr = new StringWriter();
        var watchCode = new int[] {-1};
        String slug;
        Thread watcher = Thread.ofPlatform().start(() -> watchCode[0] = Cli.create(env(mode), new PrintWriter(watched, true),
                new PrintWriter(watchErr, true)).run(args(mode, "watch", "--count", "10")));
        try (SseClient page = SseClient.open(node.url("/api/status/stream"))) {
            page.expect(Duration.ofSeconds(3));
            waitFor(() -> watched.toString().contains("watching"), "watch to start: " + watchErr);

            assertTrue(ok(mode, "service", "add", "api", "--label", "Public API", "--label", "ja=公開API").startsWith("added api"));
            ok(mode, "service", "add", "db", "--label", "Database");
            slug = ok(mode, "incident", "open", "--title", "API latency", "--title", "ja=API遅延", "--impact", "degraded",
                    "--services", "api", "--body", "Investigating", "--body", "ja=調査中");
            assertTrue(slug.matches("\\d{4}-\\d{2}-\\d{2}-api-latency"), slug);
            ok(mode, "incident", "update", slug, "--state", "identified", "--body", "A bad deploy");
            ok(mode, "incident", "update", slug, "--state", "monitoring", "--body", "Rolled back; watching");
            ok(mode, "incident", "update", slug, "--state", "monitoring", "--body", "Latency is normal");
            assertTrue(ok(mode, "incident", "resolve", slug, "--body", "Resolved").startsWith(slug + " is resolved"));
            String window = ok(mode, "maintenance", "schedule", "--title", "Database upgrade", "--services", "db",
                    "--starts", "+3s", "--ends", "+5s", "--body", "Writes pause briefly");

            watcher.join(Duration.ofSeconds(20).toMillis());
            assertEquals(0, watchCode[0], "watch stops after --count changes: " + watchErr);
            List<String> lines = watched.toString().lines().toList();
            List<String> expected = List.of("watching", "service api added", "service db added", "incident " + slug + " opened",
                    "incident " + slug + ": identified: A bad deploy", "incident " + slug + ": monitoring: Rolled back; watching",
                    "incident " + slug + ": monitoring: Latency is normal", "incident " + slug + " resolved: Resolved",
                    "maintenance " + window + " scheduled", "db: operational -> maintenance \"Database upgrade\"",
                    "maintenance " + window + ": inProgress: The scheduled maintenance has started.", "db: maintenance -> operational",
                    "maintenance " + window + " completed: The scheduled maintenance is complete.");
            assertInOrder(lines, expected);

            List<String> delivered = new ArrayList<>();
            for (SseClient.Event event; (event = page.next(Duration.ofMillis(500))) != null; ) {
                JsonNode snapshot = Json.mapper().readTree(event.data());
                JsonNode first = snapshot.get("incidents").isEmpty() ? null : snapshot.get("incidents").get(0);
                delivered.add(event.id() + ":" + (first == null ? "-" : first.get("slug").asText() + "=" + first.get("state").asText()));
            }
            assertEquals(10, delivered.size(), "the page's stream delivered each step: " + delivered);
            assertTrue(delivered.get(6).endsWith(slug + "=resolved"), delivered.toString());
            assertTrue(delivered.get(9).endsWith(window + "=completed"), delivered.toString());
        } finally {
            watcher.interrupt();
        }
        String shown = ok(mode, "show", slug);
        assertTrue(shown.contains("state        resolved") && shown.contains("A bad deploy") && shown.contains("ja \"API遅延\""), shown);
        String list = ok(mode, "list");
        assertTrue(list.lines().anyMatch(l -> l.matches("db\\s+operational\\s.*")), list);
    }

    @ParameterizedTest(name = "{0} mode")
    @ValueSource(strings = {"direct", "remote"})
    void every_other_operation_works_and_prints_the_same_json_in_both_modes(String mode) throws Exception {
        ok(mode, "service", "add", "api", "--label", "API");
        ok(mode, "service", "add", "web", "--label", "Web", "--description", "The site");
        JsonNode set = Json.mapper().readTree(ok(mode, "--json", "service", "set", "api", "degraded", "--summary", "Slow",
                "--summary", "ja=遅い"));
        assertEquals(List.of("version", "service"), fieldNames(set));
        assertEquals("遅い", set.get("service").get("statusSummary").get("ja").asText());
        JsonNode edited = Json.mapper().readTree(ok(mode, "--json", "service", "edit", "web", "--label", "Website",
                "--description", "", "--category", "Front"));
        assertEquals("Website", edited.get("service").get("label").get("en").asText());
        assertTrue(edited.get("service").get("description").isEmpty());
        assertTrue(ok(mode, "service", "order", "web", "api").startsWith("order: web, api"));
        JsonNode shown = Json.mapper().readTree(ok(mode, "--json", "show", "web"));
        assertEquals("Front", shown.get("service").get("category").asText());
        assertTrue(ok(mode, "show", "api").contains("degraded since"));

        String slug = ok(mode, "incident", "open", "--title", "Typo", "--impact", "outage", "--services", "api");
        assertTrue(ok(mode, "incident", "edit", slug, "--title", "Fixed title", "--services", "api,web").contains(slug));
        assertEquals("[\"api\",\"web\"]", Json.mapper().readTree(ok(mode, "--json", "show", slug)).get("incident")
                .get("affectedServiceIds").toString());
        String window = ok(mode, "maintenance", "schedule", "--title", "Later", "--services", "web", "--starts", "+1d", "--ends", "+2d");
        assertTrue(ok(mode, "maintenance", "reschedule", window, "--ends", "+3d").contains("scheduled"));
        ok(mode, "maintenance", "update", window, "--state", "inProgress", "--body", "Started early");
        assertTrue(ok(mode, "show", "web").contains("maintenance since"), "an early start holds the service");
        assertTrue(ok(mode, "maintenance", "complete", window).contains("completed"));
        assertTrue(ok(mode, "publish").startsWith("published version"));
        assertTrue(ok(mode, "service", "remove", "web", "--yes").startsWith("removed web"));
        assertEquals(1, run(env(mode), args(mode, "show", "web")).code());
    }

    @ParameterizedTest(name = "{0} mode")
    @ValueSource(strings = {"direct", "remote"})
    void rejected_input_exits_2_and_failures_exit_1_with_one_clear_line(String mode) {
        ok(mode, "service", "add", "api", "--label", "API");
        Run unknown = run(env(mode), args(mode, "incident", "open", "--title", "t", "--impact", "outage", "--services", "api,ghost"));
        assertEquals(2, unknown.code(), unknown.err());
        assertEquals("error: services[1]: no service with id 'ghost'", unknown.err());
        Run taken = run(env(mode), args(mode, "service", "add", "api", "--label", "Again"));
        assertEquals(1, taken.code());
        assertTrue(taken.err().startsWith("error: ") && taken.err().contains("already exists") && taken.err().lines().count() == 1,
                taken.err());
        Run missing = run(env(mode), args(mode, "service", "set", "ghost", "outage"));
        assertEquals(1, missing.code());
        assertEquals("error: no service with id 'ghost'", missing.err());
        String slug = ok(mode, "incident", "open", "--title", "Latency", "--impact", "degraded", "--services", "api").strip();
        ok(mode, "incident", "resolve", slug);
        Run reopen = run(env(mode), args(mode, "incident", "update", slug, "--state", "investigating", "--body", "Again"));
        assertEquals(1, reopen.code(), reopen.err());
        assertEquals("error: incident '" + slug + "' is already resolved and takes no more updates; open a new incident for a new problem",
                reopen.err());
        assertTrue(ok(mode, "show", slug).contains("resolved"), "the incident stays resolved");
    }

    @Test
    void remote_mode_says_what_is_wrong_with_the_token_or_the_server() throws Exception {
        Run wrong = run(Map.of("STATUS_ADMIN_TOKEN", "not-the-token-0123456789"), "--server", server(), "publish");
        assertEquals(1, wrong.code());
        assertTrue(wrong.err().contains("refused the admin token (401"), wrong.err());
        assertFalse(wrong.err().contains("not-the-token"), "the token is not echoed");

        Run none = run(Map.of("STATUS_DATA_DIR", dataDirectory.toString()), "--server", server(), "publish");
        assertEquals(2, none.code());
        assertTrue(none.err().startsWith("error: STATUS_ADMIN_TOKEN: is not set"), none.err());

        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Run down = run(Map.of("STATUS_ADMIN_TOKEN", TOKEN), "--server", "http://127.0.0.1:" + closedPort, "publish");
        assertEquals(1, down.code());
        assertEquals("error: cannot reach http://127.0.0.1:" + closedPort + ": nothing accepts connections there; "
                + "is the server running, and is --server its address?", down.err());

        try (TestNode off = TestNode.start(database)) {
            Run noAdmin = run(Map.of("STATUS_ADMIN_TOKEN", TOKEN), "--server", "http://127.0.0.1:" + off.port(), "publish");
            assertEquals(1, noAdmin.code());
            assertTrue(noAdmin.err().contains("admin API is off"), noAdmin.err());
        }
    }

    @Test
    void a_token_file_works_and_one_others_can_read_gets_a_warning() throws Exception {
        Path file = dataDirectory.resolve("token");
        Files.writeString(file, TOKEN + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Run quiet = run(Map.of(), "--server", server(), "--token-file", file.toString(), "publish");
        assertEquals(0, quiet.code(), quiet.err());
        assertEquals("", quiet.err());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Run warned = run(Map.of(), "--server", server(), "--token-file", file.toString(), "publish");
        assertEquals(0, warned.code(), warned.err());
        assertTrue(warned.err().contains("can be read by other users"), warned.err());
    }

    @Test
    void the_server_on_this_machine_that_generated_a_token_is_reached_with_it_and_no_other_server_is() throws Exception {
        String generated = LocalAdminToken.readOrCreate(dataDirectory);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDirectory.resolve(LocalAdminToken.FILE))));
        assertEquals(generated, LocalAdminToken.readOrCreate(dataDirectory), "kept across restarts");
        var settings = new HashMap<>(database);
        settings.put("STATUS_ADMIN_TOKEN", generated);
        // another process on this machine that would accept the token: it must never be offered it
        try (TestNode local = TestNode.start(settings); TestNode other = TestNode.start(settings)) {
            new LocalConnection("http://localhost:" + local.port(), Map.of("STATUS_DATABASE_URL", database.get("STATUS_DATABASE_URL")))
                    .write(dataDirectory);
            Map<String, String> env = Map.of("STATUS_DATA_DIR", dataDirectory.toString());
            for (String host : List.of("127.0.0.1", "localhost")) {
                Run run = run(env, "--server", "http://" + host + ":" + local.port(), "publish");
                assertEquals(0, run.code(), host + ": " + run.err());
            }
            Run elsewhere = run(env, "--server", "http://127.0.0.1:" + other.port(), "publish");
            assertEquals(2, elsewhere.code(), elsewhere.out());
            assertTrue(elsewhere.err().startsWith("error: STATUS_ADMIN_TOKEN: is not set"), elsewhere.err());
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Each of {@code expected} appears in a line, in this order. */
    private static void assertInOrder(List<String> lines, List<String> expected) {
        int at = 0;
        for (String want : expected) {
            while (at < lines.size() && !lines.get(at).contains(want)) {
                at++;
            }
            assertTrue(at < lines.size(), "'" + want + "' (in order) not in:\n" + String.join("\n", lines));
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
