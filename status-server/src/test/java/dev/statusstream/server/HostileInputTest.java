package dev.statusstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.internal.Json;
import dev.statusstream.server.testing.NodeProcess;
import dev.statusstream.server.testing.ProcessClassesTakeTurns;
import dev.statusstream.testing.TestServices;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input against a real server process (its log in {@code target/fault-logs/hostile-input.log}):
 * every public and admin route gets malformed times, languages, texts, headers and request lines, and
 * must answer each with a 4xx (JSON under {@code /api/}), never a 5xx, while its log gets no stack
 * trace, no forged line, and no more than a bounded number of lines however many requests arrive.
 */
@ExtendWith(ProcessClassesTakeTurns.class)
class HostileInputTest {
    private static final String TOKEN = "hostile-input-test-token-0123456789";
    private static NodeProcess node;

    /** One raw request: what goes on the wire after the request line's method and target. */
    record Attack(String name, String method, String target, List<String> headers, String body) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** What came back: the status, the headers as written, the body. */
    record Reply(int status, String head, String body) {
        String contentType() {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-type:")) {
                    return line.substring("content-type:".length()).strip();
                }
            }
            return "";
        }
    }

    @BeforeAll
    static void start() {
        node = NodeProcess.start("hostile-input", Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(),
                "STATUS_ADMIN_TOKEN", TOKEN));
        Reply added = send(admin("POST", "/api/admin/services", "{\"id\":\"api\",\"label\":\"API\"}"));
        assertEquals(201, added.status(), added.body());
        Reply opened = send(admin("POST", "/api/admin/incidents",
                "{\"title\":\"Outage\",\"impact\":\"outage\",\"services\":[\"api\"],\"slug\":\"known\"}"));
        assertEquals(201, opened.status(), opened.body());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static final List<String> PUBLIC_PATHS = List.of("/", "/history", "/incidents/known", "/incidents/unknown",
            "/api/status", "/api/v2/summary.json", "/api/v2/incidents.json", "/api/v2/scheduled-maintenances.json",
            "/history.atom", "/history.rss", "/badge.svg", "/healthz", "/readyz", "/metrics");

    private static final List<String> HOSTILE_QUERIES = List.of("lang=-", "lang=_", "lang=%00", "lang=%E2%80%AE",
            "lang=en;q=abc", "before=-4713-01-01T00:00:00Z", "before=-999999999-01-01T00:00:00Z",
            "before=%2B999999999-12-31T23:59:59Z", "before=2026-01-01T00:00:00Z,%00", "before=2026-01-01T00:00:00Z,x",
            "kind=%00", "service=%00", "service=" + "a".repeat(300), "lastEventId=-1");

    private static final List<List<String>> HOSTILE_HEADERS = List.of(List.of("Accept-Language: ;"),
            List.of("Accept-Language: _"), List.of("Accept-Language: -"), List.of("Accept-Language: en;q=abc, ja;q=2"),
            List.of("Cookie: lang=-"), List.of("Cookie: lang=_"), List.of("Cookie: lang"), List.of("Cookie: ;;=;lang=\"ja"), List.of("If-Modified-Since: yesterday"),
            List.of("If-None-Match: \"unterminated"));

    static Stream<Attack> publicAttacks() {
        List<Attack> attacks = new ArrayList<>();
        for (String path : PUBLIC_PATHS) {
            for (String query : HOSTILE_QUERIES) {
                attacks.add(new Attack("GET " + path + "?" + query, "GET", path + "?" + query, List.of(), null));
            }
            for (List<String> headers : HOSTILE_HEADERS) {
                attacks.add(new Attack("GET " + path + " with " + headers, "GET", path, headers, null));
            }
        }
        return attacks.stream();
    }

    static Stream<Attack> adminAttacks() {
        String services = "/api/admin/services";
        String incidents = "/api/admin/incidents";
        String window = "{\"title\":\"m\",\"kind\":\"maintenance\",\"services\":[\"api\"],";
        return Stream.of(
                admin("POST", services, "{\"id\":\"x\",\"label\":\"a\\u0000b\"}"),
                admin("POST", services, "{\"id\":\"x\",\"label\":\"\\ud800\"}"),
                admin("POST", services, "{\"id\":\"x\",\"label\":\"\\udc00x\"}"),
                admin("POST", services, "{\"id\":\"x\",\"label\":\"\\u200b\\u202e\\ufeff\"}"),
                admin("POST", services, "{\"id\":\"x\",\"label\":\"ok\",\"category\":\"a\\u0000\"}"),
                admin("POST", services, "{\"id\":\"x\",\"label\":{\"en\":\"ok\",\"ja\":\"\\u0000\"}}"),
                admin("POST", services, "{\"id\":\"x\",\"label\":\"ok\",\"description\":\"\\u0007bell\"}"),
                admin("PATCH", services + "/api", "{\"category\":\"\\u0000\"}"),
                admin("PATCH", services + "/api", "{\"label\":\"\\ufeff\"}"),
                admin("PUT", services + "/api/status", "{\"status\":\"outage\",\"summary\":\"\\u0000\"}"),
                admin("PUT", services + "/order", "{\"ids\":[\"\\u0000\"]}"),
                admin("POST", incidents, "{\"title\":\"\\u0000\",\"impact\":\"outage\"}"),
                admin("POST", incidents, "{\"title\":\"t\",\"impact\":\"outage\",\"externalLink\":\"https://a\\u0000b\"}"),
                admin("POST", incidents, "{\"title\":\"t\",\"impact\":\"outage\",\"estimatedResolveDate\":\"-4713-01-01T00:00:00Z\"}"),
                admin("POST", incidents, window + "\"scheduledFor\":\"+999999999-01-01T00:00:00Z\","
                        + "\"scheduledUntil\":\"+999999999-01-02T00:00:00Z\"}"),
                admin("POST", incidents, window + "\"scheduledFor\":\"2030-01-01T00:00:00Z\","
                        + "\"scheduledUntil\":\"+10000-01-01T00:00:00Z\"}"),
                admin("POST", incidents, window + "\"scheduledFor\":\"-999999999-01-01T00:00:00Z\","
                        + "\"scheduledUntil\":\"2030-01-01T00:00:00Z\"}"),
                admin("PATCH", incidents + "/known", "{\"estimatedResolveDate\":\"+999999999-12-31T23:59:59Z\"}"),
                admin("POST", incidents + "/known/updates", "{\"state\":\"identified\",\"body\":\"\\u202e\"}"),
                admin("POST", incidents + "/known/updates", "{\"state\":\"identified\",\"body\":\"a\\u0000\"}"),
                admin("POST", incidents + "/known/resolve", "{\"body\":\"\\ud83d\"}"),
                admin("POST", "/api/admin/publish", "{\"force\":true}"),
                admin("GET", services + "/%00", null),
                admin("GET", incidents + "/%00", null));
    }

    private static Attack admin(String method, String path, String body) {
        return new Attack(method + " " + path + " " + body, method, path,
                body == null ? List.of("Authorization: Bearer " + TOKEN)
                        : List.of("Authorization: Bearer " + TOKEN, "Content-Type: application/json"), body);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"publicAttacks", "adminAttacks"})
    void hostile_input_gets_a_4xx_or_a_normal_answer_never_a_5xx(Attack attack) {
        Reply reply = send(attack);
        assertTrue(reply.status() < 500, attack + " -> " + reply.status() + " " + reply.body());
        if (attack.target().startsWith("/api/") && reply.status() >= 400) {
            assertTrue(reply.contentType().startsWith("application/json"), attack + ": " + reply.head());
            assertTrue(Json.read(reply.body(), JsonNode.class, "error").hasNonNull("error"), reply.body());
        }
        if (attack.method().equals("POST") || attack.method().equals("PATCH") || attack.method().equals("PUT")) {
            assertEquals(400, reply.status(), attack + " -> " + reply.body());
        }
    }

    @Test
    void requests_jetty_refuses_itself_get_json_errors_too() {
        Reply longUri = sendRaw("GET /api/status?x=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(414, longUri.status(), longUri.head());
        assertJsonError(longUri);
        Reply bigHeaders = sendRaw("GET /api/status HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");
        assertEquals(431, bigHeaders.status(), bigHeaders.head());
        assertJsonError(bigHeaders);
        for (String requestLine : List.of("GET /api/st atus HTTP/1.1", "GET /api/status%zz HTTP/1.1",
                "GET /api/%2e%2e/%2e%2e/etc HTTP/1.1", "GET /api/status/..;/x HTTP/1.1", "PUT /api/%00 HTTP/1.1")) {
            Reply bad = sendRaw(requestLine + "\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
            assertEquals(400, bad.status(), requestLine + ": " + bad.head());
            assertJsonError(bad);
        }
    }

    @Test
    void a_flood_of_bad_requests_leaves_a_bounded_log_without_stack_traces_or_forged_lines() throws IOException {
        long before = logLines().size();
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            assertEquals(400, send(new Attack("old 500", "GET", "/history?before=-4713-01-01T00:00:00Z", List.of(), null)).status());
            assertEquals(200, send(new Attack("bad language", "GET", "/?lang=-", List.of("Accept-Language: ;"), null)).status());
            // a foreign origin is refused and logged: with its quotes, a NEL and a line
            // separator (which some log readers take for new lines) escaped, cut short, and throttled
            Reply refused = send(new Attack("forged origin", "GET", "/api/status/stream",
                    List.of("Origin: https://evil.example\" \u0085FORGED line \u2028FORGED " + "x".repeat(500)), null));
            assertEquals(403, refused.status(), refused.body());
            // without a valid token nothing is audited, and the refusals are throttled like the origin's
            Reply leaked = send(new Attack("token in the URL", "POST", "/api/admin/publish?token=guess%22%0AFORGED", List.of(), null));
            assertEquals(400, leaked.status(), leaked.body());
            // Jetty refuses a second Host itself, and must not log its raw value for every request
            Reply twoHosts = send(new Attack("second Host", "GET", "/api/status",
                    List.of("Host: \"evil\u0085FORGED line " + i), null));
            assertEquals(400, twoHosts.status(), twoHosts.head());
        }
        List<String> added = logLines().subList((int) before, logLines().size());
        // refusals of each kind (origin, admin token) are logged at most 10 times per 10 s, plus a line saying how many
        // were not; Jetty's own refusals (the second Host) not at all
        long periods = (System.nanoTime() - start) / 10_000_000_000L + 1;
        assertTrue(added.size() <= periods * 2 * 11, "1,000 bad requests in " + periods + " periods of 10 s wrote " + added.size()
                + " log lines:\n" + String.join("\n", added));
        for (String line : added) {
            assertFalse(line.contains("FORGED line \u2028") || line.contains("\u0085") || line.startsWith("FORGED"),
                    "a raw value reached the log: " + line);
            assertTrue(line.length() < 600, "a log line is bounded: " + line.length() + " characters");
        }
    }

    @Test
    void the_log_holds_no_stack_trace_and_no_error_after_every_hostile_request() throws IOException {
        publicAttacks().forEach(HostileInputTest::send);
        adminAttacks().forEach(HostileInputTest::send);
        String log = Files.readString(node.log(), StandardCharsets.UTF_8);
        assertFalse(log.contains("\tat ") || log.contains("Exception") || log.contains(" ERROR "),
                "input put a failure in the log:\n" + log);
    }

    private static void assertJsonError(Reply reply) {
        assertTrue(reply.contentType().startsWith("application/json"), reply.head());
        assertTrue(reply.head().toLowerCase().contains("\r\nx-content-type-options: nosniff"), "nosniff: " + reply.head());
        assertFalse(Json.read(reply.body(), JsonNode.class, "error").path("error").asText().isBlank(), reply.body());
    }

    private static List<String> logLines() throws IOException {
        return Files.readAllLines(node.log(), StandardCharsets.UTF_8);
    }

    private static Reply send(Attack attack) {
        var request = new StringBuilder(attack.method() + " " + attack.target() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n");
        attack.headers().forEach(h -> request.append(h).append("\r\n"));
        byte[] body = attack.body() == null ? new byte[0] : attack.body().getBytes(StandardCharsets.UTF_8);
        request.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] head = request.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return exchange(all);
    }

    private static Reply sendRaw(String request) {
        return exchange(request.getBytes(StandardCharsets.UTF_8));
    }

    private static Reply exchange(byte[] request) {
        int port = Integer.parseInt(node.url("").replaceAll(".*:", ""));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            String head = end < 0 ? response : response.substring(0, end);
            String body = end < 0 ? "" : response.substring(end + 4);
            return new Reply(Integer.parseInt(head.split(" ", 3)[1]), head, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
