package dev.statusstream.server.automation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.Status;
import dev.statusstream.internal.Json;
import dev.statusstream.server.testing.AdminHttp;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import dev.statusstream.testing.Waiting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A heartbeat pinged by a real curl process, on a real node. */
class HeartbeatTest {
    private static final String TOKEN = "heartbeat-test-token-0123456789";
    private String database;
    private TestNode node;
    private AdminHttp admin;

    @BeforeEach
    void start() {
        database = TestServices.newMigratedDatabase();
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", database, "STATUS_ADMIN_TOKEN", TOKEN));
        admin = new AdminHttp(node, TOKEN);
        node.status().follow();
        assertEquals(201, admin.send("POST", "/api/admin/services", "{\"id\":\"backup\",\"label\":\"Backup\"}").status());
    }

    @AfterEach
    void stop() {
        node.close();
    }

    /** Runs curl as a cron job would: the exit code (22 for an HTTP error with --fail) and what it printed. */
    private record Curl(int exit, String out) {
    }

    private Curl curl(String... args) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<>(List.of("curl", "--silent", "--show-error", "--fail", "--max-time", "10"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Curl(p.waitFor(), out);
    }

    private Status status() {
        return node.status().service("backup").orElseThrow().status();
    }

    @Test
    void a_missed_heartbeat_sets_the_service_down_and_the_next_curl_ping_restores_it() throws Exception {
        AdminHttp.Reply added = admin.send("POST", "/api/admin/monitors",
                "{\"service\":\"backup\",\"heartbeat\":\"5s\",\"grace\":\"1s\",\"down\":\"degraded\"}");
        assertEquals(201, added.status(), added.raw().body());
        assertEquals("/api/admin/monitors/backup-heartbeat", added.header("Location"));
        String token = added.json().get("monitor").get("pushToken").asText();
        assertEquals(43, token.length());
        String push = node.url("/api/heartbeats/" + token);

        Curl ping = curl("-X", "POST", push);
        assertEquals(0, ping.exit(), ping.out());
        assertEquals("backup-heartbeat", Json.mapper().readTree(ping.out()).get("monitor").asText());
        long pinged = System.nanoTime();

        Waiting.until(Duration.ofSeconds(15), "the missed heartbeat sets the service degraded", () -> status() == Status.DEGRADED);
        long missedAfter = (System.nanoTime() - pinged) / 1_000_000;
        assertTrue(missedAfter >= 6000, "not before interval + grace (6 s) after the ping: " + missedAfter + " ms");
        assertEquals("monitor backup-heartbeat: no heartbeat within 6s of the last one",
                node.status().service("backup").orElseThrow().statusSummary().get("en"));

        Curl again = curl(push);
        assertEquals(0, again.exit(), again.out());
        Waiting.until(Duration.ofSeconds(5), "the ping restores the service", () -> status() == Status.OPERATIONAL);
        assertEquals("monitor backup-heartbeat: heartbeat received",
                node.status().service("backup").orElseThrow().statusSummary().get("en"));

        try (var c = DriverManager.getConnection(database)) {
            try (var rows = c.createStatement().executeQuery(
                    "select actor, data->>'status' from statusstream_change_log where subject = 'backup' and type = 'service.status' order by version")) {
                assertTrue(rows.next());
                assertEquals("monitor:backup-heartbeat", rows.getString(1));
                assertEquals("degraded", rows.getString(2));
                assertTrue(rows.next());
                assertEquals("monitor:backup-heartbeat", rows.getString(1));
                assertEquals("operational", rows.getString(2));
                assertFalse(rows.next());
            }
            try (var rows = c.createStatement().executeQuery("select * from statusstream_monitors")) {
                assertTrue(rows.next());
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    String value = rows.getString(i);
                    assertFalse(value != null && value.contains(token), "the token is stored only as a digest: " + rows.getMetaData().getColumnName(i));
                }
            }
        }
    }

    @Test
    void a_heartbeat_never_pinged_goes_down_interval_and_grace_after_its_creation() {
        long created = System.nanoTime();
        assertEquals(201, admin.send("POST", "/api/admin/monitors", "{\"service\":\"backup\",\"heartbeat\":\"5s\"}").status());
        Waiting.until(Duration.ofSeconds(12), "the service goes down", () -> status() == Status.OUTAGE);
        assertTrue((System.nanoTime() - created) / 1_000_000 >= 5000);
        assertEquals("monitor backup-heartbeat: no heartbeat within 5s of its creation",
                node.status().service("backup").orElseThrow().statusSummary().get("en"));
    }

    @Test
    void an_unknown_token_is_a_404_and_bad_heartbeats_and_checks_are_400s_naming_the_field() throws Exception {
        Curl unknown = curl(node.url("/api/heartbeats/" + "A".repeat(43)));
        assertEquals(22, unknown.exit(), "curl --fail exits 22 on an HTTP error: " + unknown.out());
        assertTrue(unknown.out().contains("404"), unknown.out());
        for (var bad : Map.of(
                "{\"service\":\"backup\",\"heartbeat\":\"4s\"}", "heartbeat",
                "{\"service\":\"backup\",\"heartbeat\":\"soon\"}", "heartbeat",
                "{\"service\":\"backup\",\"heartbeat\":\"5m\",\"down\":\"maintenance\"}", "down",
                "{\"service\":\"backup\",\"heartbeat\":\"5m\",\"every\":\"5m\"}", "every",
                "{\"service\":\"nope\",\"heartbeat\":\"5m\"}", "service",
                "{\"service\":\"backup\"}", "heartbeat").entrySet()) {
            AdminHttp.Reply reply = admin.send("POST", "/api/admin/monitors", bad.getKey());
            assertTrue(reply.status() == 400 || reply.status() == 404, bad.getKey() + " -> " + reply.status());
            assertEquals(bad.getValue(), reply.field(), bad.getKey() + ": " + reply.raw().body());
        }
        String url = "\"http\":\"https://status-check.example.com/health\"";
        for (String[] bad : new String[][] {
                {"\"heartbeat\":\"31d\"", "heartbeat"},
                {"\"heartbeat\":\"5m\",\"grace\":\"2d\"", "grace"},
                {"\"heartbeat\":\"5m\"," + url, "http"},
                {"\"heartbeat\":\"5m\",\"name\":\"Nightly Backup\"", "name"},
                {"\"http\":\"ftp://files.example.com/x\",\"every\":\"30s\"", "http"},
                {"\"http\":\"javascript:alert(1)\",\"every\":\"30s\"", "http"},
                {"\"http\":\"https://user:secret@status-check.example.com/\",\"every\":\"30s\"", "http"},
                {"\"http\":\"http://169.254.169.254/latest/meta-data\",\"every\":\"30s\"", "http"},
                {url, "every"},
                {url + ",\"every\":\"1s\"", "every"},
                {url + ",\"every\":\"31d\"", "every"},
                {url + ",\"every\":\"often\"", "every"},
                {url + ",\"every\":\"30s\",\"timeout\":\"31s\"", "timeout"},
                {url + ",\"every\":\"30s\",\"timeout\":\"50ms\"", "timeout"},
                {url + ",\"every\":\"2m\",\"timeout\":\"61s\"", "timeout"},
                {url + ",\"every\":\"30s\",\"expect\":\"2xx\"", "expect"},
                {url + ",\"every\":\"30s\",\"expect\":\"99-700\"", "expect"},
                {url + ",\"every\":\"30s\",\"failures\":0", "failures"},
                {url + ",\"every\":\"30s\",\"successes\":\"three\"", "successes"},
                {url + ",\"every\":\"30s\",\"bodyContains\":\"" + "x".repeat(201) + "\"", "bodyContains"},
                {"\"tcp\":\"db.example.com\",\"every\":\"30s\"", "tcp"},
                {"\"tcp\":\"db.example.com:70000\",\"every\":\"30s\"", "tcp"},
                {"\"tcp\":\"127.0.0.1:5432\",\"every\":\"30s\"", "tcp"},
                {"\"tcp\":\"db.example.com:5432\",\"every\":\"30s\",\"bodyContains\":\"ok\"", "bodyContains"}}) {
            String body = "{\"service\":\"backup\"," + bad[0] + "}";
            AdminHttp.Reply reply = admin.send("POST", "/api/admin/monitors", body);
            assertEquals(400, reply.status(), body + ": " + reply.raw().body());
            assertEquals(bad[1], reply.field(), body + ": " + reply.raw().body());
            assertFalse(reply.raw().body().contains("secret"), "the password is not echoed: " + reply.raw().body());
        }
        for (var bad : Map.of(
                "{\"service\":", "body",
                "[]", "body").entrySet()) {
            AdminHttp.Reply reply = admin.send("POST", "/api/admin/monitors", bad.getKey());
            assertTrue(reply.status() == 400 || reply.status() == 404, bad.getKey() + " -> " + reply.status());
            assertEquals(bad.getValue(), reply.field(), bad.getKey() + ": " + reply.raw().body());
        }
        JsonNode none = admin.send("GET", "/api/admin/monitors", null).json();
        assertEquals(0, none.get("page").get("monitors").size(), "nothing was added");
    }
}
