package dev.statusstream.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.statusstream.AddOperator;
import dev.statusstream.AuditQuery;
import dev.statusstream.Control;
import dev.statusstream.LocalizedText;
import dev.statusstream.Monitor;
import dev.statusstream.NewService;
import dev.statusstream.Role;
import dev.statusstream.SetStatus;
import dev.statusstream.Status;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import dev.statusstream.testing.Waiting;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's monitors page and handing a service back to automation, over HTTP on one node: what each
 * role may do, the push URL shown once, a real check's last result, and bad forms refused by field.
 */
class ConsoleMonitorsTest {
    private static final String PASSWORD = "correct horse battery";
    private static TestNode node;
    private static HttpServer target;
    private static ConsoleClient admin;
    private static ConsoleClient responder;
    private static ConsoleClient viewer;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newDatabase(), "STATUS_ALLOW_PRIVATE_TARGETS", "true"));
        node.status().addService(NewService.of("api", LocalizedText.of("en", "Public API")));
        node.status().addService(NewService.of("db", LocalizedText.of("en", "Database")));
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes());
            exchange.close();
        });
        target.start();
        admin = signedIn("root", Role.ADMIN);
        responder = signedIn("resp", Role.RESPONDER);
        viewer = signedIn("view", Role.VIEWER);
    }

    @AfterAll
    static void stop() {
        target.stop(0);
        node.close();
    }

    private static ConsoleClient signedIn(String name, Role role) {
        String secret = node.status().execute(new AddOperator(name, role)).value().secret();
        node.status().accounts().setPassword(secret, PASSWORD, null);
        var client = new ConsoleClient(node);
        assertEquals(303, client.signIn(name, PASSWORD).statusCode());
        return client;
    }

    private static HttpResponse<String> form(ConsoleClient client, String path, String... fields) {
        String csrf = ConsoleClient.csrf(client.get("/admin/monitors"));
        String[] all = new String[fields.length + 2];
        all[0] = "csrf";
        all[1] = csrf;
        System.arraycopy(fields, 0, all, 2, fields.length);
        return client.post(path, all);
    }

    @Test
    void an_admin_adds_a_heartbeat_whose_push_url_is_shown_once_and_works() throws Exception {
        HttpResponse<String> added = form(admin, "/admin/monitors", "service", "db", "name", "db-backup", "heartbeat", "1h",
                "grace", "10m", "down", "degraded");
        assertEquals(201, added.statusCode(), added.body());
        Matcher url = Pattern.compile("<code id=\"issued-url\">(http://[^<]+/api/heartbeats/([A-Za-z0-9_-]{43}))</code>").matcher(added.body());
        assertTrue(url.find(), added.body());
        assertFalse(added.body().contains("data-version=\"1"), "the page that shows the URL is not reloaded by the script");

        HttpResponse<String> ping = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.group(1)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ping.statusCode(), ping.body());
        HttpResponse<String> list = admin.get("/admin/monitors?service=db");
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains("db-backup") && list.body().contains("a ping at least every 1h (+ 10m grace)")
                && list.body().contains("last ping "), list.body());
        assertFalse(list.body().contains(url.group(2)), "the push URL is not shown again");
    }

    @Test
    void an_admin_adds_a_check_sees_its_last_result_pauses_resumes_and_removes_it() {
        String address = "http://127.0.0.1:" + target.getAddress().getPort() + "/health";
        HttpResponse<String> added = form(admin, "/admin/monitors", "service", "api", "name", "api-console", "http", address,
                "every", "30s", "timeout", "2s", "expect", "200", "bodyContains", "ok", "failures", "2", "successes", "1", "down", "outage");
        assertEquals(303, added.statusCode(), added.body());
        Waiting.until(Duration.ofSeconds(15), "the check runs", () -> {
            node.status().automation().runDue();
            return !node.status().automation().lastResults(java.util.List.of("api-console")).isEmpty();
        });
        String page = admin.get("/admin/monitors").body();
        assertTrue(page.contains("HTTP " + address + " every 30s, expecting 200 and the text"), page);
        assertTrue(Pattern.compile("passed in \\d+ ms, 20\\d\\d-").matcher(page).find(), page);

        assertEquals(303, form(admin, "/admin/monitors/api-console/paused", "paused", "true").statusCode());
        assertTrue(node.status().automation().monitor("api-console").orElseThrow().paused());
        assertTrue(admin.get("/admin/monitors").body().contains(">Resume</button>"));
        assertEquals(303, form(admin, "/admin/monitors/api-console/paused", "paused", "false").statusCode());
        assertFalse(node.status().automation().monitor("api-console").orElseThrow().paused());

        HttpResponse<String> tcp = form(admin, "/admin/monitors", "service", "db", "tcp", "127.0.0.1:" + target.getAddress().getPort(),
                "every", "1m");
        assertEquals(303, tcp.statusCode(), tcp.body());
        assertEquals(Monitor.Kind.TCP, node.status().automation().monitor("db-tcp").orElseThrow().kind());

        assertEquals(303, form(admin, "/admin/monitors/api-console/remove").statusCode());
        assertTrue(node.status().automation().monitor("api-console").isEmpty());
        assertEquals("removeMonitor", node.status().accounts().audit(new AuditQuery("operator:root", null, null, 1)).entries().get(0).action());
    }

    @Test
    void a_responder_hands_a_service_back_to_automation_but_manages_no_monitors_and_a_viewer_only_reads() {
        node.status().execute(new SetStatus("api", Status.DEGRADED, null));
        String services = responder.get("/admin/services").body();
        assertTrue(services.contains("Set by hand") && services.contains("action=\"/admin/services/api/control\""), services);
        assertFalse(viewer.get("/admin/services").body().contains("/control\""), "a viewer gets no hand-back form");
        String csrf = ConsoleClient.csrf(viewer.get("/admin/services"));
        assertEquals(403, viewer.post("/admin/services/api/control", "csrf", csrf, "control", "automatic").statusCode());

        assertEquals(303, form(responder, "/admin/services/api/control", "control", "automatic").statusCode());
        assertEquals(Control.AUTOMATIC, node.status().automation().controls().get("api"));
        assertEquals(Status.DEGRADED, node.status().service("api").orElseThrow().status(), "handing back changes no status");
        assertTrue(responder.get("/admin/services").body().contains("Automatic: its monitors and alerts set its status"));

        String page = responder.get("/admin/monitors").body();
        assertFalse(page.contains("method=\"post\" action=\"/admin/monitors"), "a responder gets no monitor forms");
        assertEquals(403, form(responder, "/admin/monitors", "service", "api", "heartbeat", "5m").statusCode());
        assertEquals(403, form(viewer, "/admin/monitors", "service", "api", "heartbeat", "5m").statusCode());
        assertEquals(200, viewer.get("/admin/monitors").statusCode());
        assertTrue(node.status().automation().monitor("api-heartbeat").isEmpty());
    }

    @Test
    void bad_monitor_forms_are_400s_naming_the_field_and_forged_ones_403s() {
        String[][] bad = {
                {"heartbeat", "4s", "heartbeat"},
                {"heartbeat", "31d", "heartbeat"},
                {"http", "ftp://files.example.com/", "http"},
                {"http", "https://user:pw@status-check.example.com/", "http"},
                {"tcp", "db.example.com", "tcp"}};
        for (String[] b : bad) {
            HttpResponse<String> reply = form(admin, "/admin/monitors", "service", "api", b[0], b[1], "every", "30s");
            assertEquals(400, reply.statusCode(), b[1] + ": " + reply.body());
            assertTrue(reply.body().contains(b[2]), b[1] + ": " + reply.body());
        }
        String url = "http://127.0.0.1:" + target.getAddress().getPort() + "/";
        for (String[] b : new String[][] {{"every", "1s"}, {"timeout", "31s"}, {"expect", "2xx"}, {"failures", "0"}, {"successes", "many"},
                {"down", "maintenance"}, {"name", "Bad Name"}}) {
            HttpResponse<String> reply = form(admin, "/admin/monitors", "service", "api", "http", url,
                    "every", b[0].equals("every") ? b[1] : "30s", b[0], b[1]);
            assertEquals(400, reply.statusCode(), b[0] + ": " + reply.body());
            assertTrue(reply.body().contains(b[0]), b[0] + ": " + reply.body());
        }
        assertEquals(400, form(admin, "/admin/monitors", "service", "api").statusCode(), "no kind");
        assertEquals(400, form(admin, "/admin/monitors/api-http/paused", "paused", "maybe").statusCode());
        assertEquals(404, form(admin, "/admin/monitors/nobody/paused", "paused", "true").statusCode());
        assertEquals(403, admin.post("/admin/monitors", "service", "api", "heartbeat", "5m").statusCode(), "no token");
        var elsewhere = new ConsoleClient(node, "Origin", "https://evil.example");
        elsewhere.cookies.putAll(admin.cookies);
        assertEquals(403, elsewhere.post("/admin/monitors", "csrf", ConsoleClient.csrf(admin.get("/admin/monitors")), "service", "api",
                "heartbeat", "5m").statusCode());
        assertTrue(node.status().automation().monitors("api", null, 10).stream().noneMatch(m -> m.name().equals("api-heartbeat")));
    }
}
