package dev.statusstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.Status;
import dev.statusstream.cli.CliNode.Run;
import dev.statusstream.server.testing.TestNode;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code status monitor ...} and {@code status service set <id> auto}, in direct and remote mode, against a running node. */
class MonitorCommandTest {
    private static final String TOKEN = "monitor-command-token-0123456789";
    private CliNode cli;
    private TestNode node;
    @TempDir
    Path dataDirectory;

    @BeforeEach
    void start() {
        cli = CliNode.start(TOKEN).set("STATUS_DATA_DIR", dataDirectory.toString())
                .set("STATUS_PUBLIC_URL", "https://status.example.com/");
        node = cli.node();
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    private Run run(String mode, String... args) {
        return cli.run(mode, args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "remote"})
    void a_heartbeat_prints_its_push_url_once_and_monitors_are_listed_paused_and_removed(String mode) {
        assertEquals(0, run(mode, "service", "add", "backup", "--label", "Backup").code());
        Run added = run(mode, "monitor", "add", "backup", "--heartbeat", "5m", "--grace", "1m", "--down", "degraded");
        assertEquals(0, added.code(), added.err());
        Matcher url = Pattern.compile("(\\S*)/api/heartbeats/([A-Za-z0-9_-]{43})").matcher(added.out());
        assertTrue(url.find(), added.out());
        assertEquals(mode.equals("direct") ? "https://status.example.com" : "http://127.0.0.1:" + node.port(), url.group(1));
        assertTrue(node.status().automation().ping(url.group(2)).isPresent(), "the printed token pings the heartbeat");

        Run second = run(mode, "monitor", "add", "backup", "--heartbeat", "1h", "--name", "backup-nightly");
        assertEquals(0, second.code(), second.err());
        Run listed = run(mode, "monitor", "list", "--limit", "1");
        assertEquals(0, listed.code(), listed.err());
        assertTrue(listed.out().startsWith("backup-heartbeat "), listed.out());
        assertTrue(listed.out().contains("more: status monitor list --after backup-heartbeat"), listed.out());
        Run next = run(mode, "monitor", "list", "--after", "backup-heartbeat");
        assertTrue(next.out().startsWith("backup-nightly ") && next.out().contains("heartbeat every 1h"), next.out());

        assertEquals(0, run(mode, "monitor", "pause", "backup-nightly").code());
        assertTrue(node.status().automation().monitor("backup-nightly").orElseThrow().paused());
        assertEquals(0, run(mode, "monitor", "resume", "backup-nightly").code());
        assertEquals(0, run(mode, "monitor", "remove", "backup-nightly").code());
        assertTrue(node.status().automation().monitor("backup-nightly").isEmpty());

        Run duplicate = run(mode, "monitor", "add", "backup", "--heartbeat", "5m");
        assertEquals(1, duplicate.code(), duplicate.out());
        assertTrue(duplicate.err().contains("a monitor named 'backup-heartbeat' already exists"), duplicate.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "remote"})
    void bad_monitor_options_are_one_line_errors_with_exit_2(String mode) {
        assertEquals(0, run(mode, "service", "add", "api", "--label", "API").code());
        for (String[] bad : new String[][] {
                {"monitor", "add", "api"},
                {"monitor", "add", "api", "--http", "https://example.com", "--tcp", "example.com:1"},
                {"monitor", "add", "api", "--http", "https://example.com"},
                {"monitor", "add", "api", "--http", "https://example.com", "--every", "1s"},
                {"monitor", "add", "api", "--tcp", "example.com", "--every", "30s"},
                {"monitor", "add", "api", "--heartbeat", "5m", "--every", "30s"},
                {"monitor", "add", "api", "--http", "ftp://example.com", "--every", "30s"},
                {"monitor", "add", "api", "--http", "https://example.com", "--every", "30s", "--expect", "2xx"},
                {"monitor", "list", "--limit", "0"},
                {"service", "set", "api", "auto", "--summary", "why"}}) {
            Run r = run(mode, bad);
            assertEquals(2, r.code(), String.join(" ", bad) + ": " + r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), String.join(" ", bad) + ": " + r.err());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "remote"})
    void service_set_auto_hands_a_service_back_without_changing_its_status(String mode) throws Exception {
        assertEquals(0, run(mode, "service", "add", "api", "--label", "API").code());
        assertEquals(0, run(mode, "service", "set", "api", "degraded").code());
        Run auto = run(mode, "service", "set", "api", "auto");
        assertEquals(0, auto.code(), auto.err());
        assertEquals("api is automatic: its monitors and alerts set its status (it stays degraded until one reports)\n", auto.out());
        assertEquals(Status.DEGRADED, node.status().service("api").orElseThrow().status());
        try (var c = java.sql.DriverManager.getConnection(cli.databaseUrl());
             var rows = c.createStatement().executeQuery("select version from statusstream_status_version")) {
            assertTrue(rows.next());
            assertEquals(2, rows.getLong(1), "handing back took no version (add and set took 1 and 2)");
        }
        assertTrue(node.status().automation().report(dev.statusstream.Actor.monitor("x"), "api", Status.OPERATIONAL, "recovered").isPresent());
    }
}
