package dev.statusstream.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.internal.Json;
import dev.statusstream.server.testing.Http;
import dev.statusstream.server.testing.ProcessClassesTakeTurns;
import dev.statusstream.server.testing.SseClient;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shipped nginx configuration ({@code deploy/nginx/statusstream.conf.template}, filled in for test
 * ports) run by Debian's nginx in front of two real nodes sharing PostgreSQL and Redis.
 */
@ExtendWith(ProcessClassesTakeTurns.class)
class NginxProxyTest {
    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final Path TEMPLATE = Path.of("..", "deploy", "nginx", "statusstream.conf.template");
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static TestNode one;
    private static TestNode two;
    private static Process nginx;
    private static Path dir;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(NGINX),
                "nginx is not installed at " + NGINX + " (apt-get install nginx; .ci/run installs it), so the proxy cannot be tested");
        String database = TestServices.newMigratedDatabase();
        String prefix = TestServices.newRedisPrefix();
        Map<String, String> settings = Map.of("STATUS_DATABASE_URL", database, "STATUS_REDIS_URL", TestServices.redisUrl(),
                "STATUS_REDIS_PREFIX", prefix, "STATUS_HEARTBEAT", "300ms", "STATUS_TRUSTED_PROXIES", "127.0.0.1");
        one = TestNode.start(settings);
        two = TestNode.start(settings);
        one.awaitVersion(one.status().addService(NewService.of("api", LocalizedText.of("en", "Public API"))).version());
        port = freePort();
        dir = Files.createTempDirectory("statusstream-nginx");
        Files.writeString(dir.resolve("statusstream.conf"), configure(Files.readString(TEMPLATE),
                Map.of("STATUS_NODE_1", "127.0.0.1:" + one.port(), "STATUS_NODE_2", "127.0.0.1:" + two.port(),
                        "NGINX_PORT", "127.0.0.1:" + port)));
        Files.writeString(dir.resolve("nginx.conf"), main(dir));
        var check = new ProcessBuilder(NGINX.toString(), "-t", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true).start();
        String checked = new String(check.getInputStream().readAllBytes());
        assertTrue(check.waitFor(10, TimeUnit.SECONDS) && check.exitValue() == 0, "nginx -t: " + checked);
        nginx = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        awaitListening(port);
    }

    /** What the nginx image's envsubst does: fills in ${NAME} for the given names, nothing else. */
    static String configure(String template, Map<String, String> values) {
        String result = template;
        for (var entry : values.entrySet()) {
            result = result.replace("${" + entry.getKey() + "}", entry.getValue());
        }
        assertFalse(result.contains("${"), "a placeholder the test does not fill:\n" + result);
        return result;
    }

    /** The minimal main configuration around the shipped server block, everything inside {@code dir}. */
    private static String main(Path dir) {
        boolean root = "root".equals(System.getProperty("user.name"));
        return (root ? "user root;\n" : "") + """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 512; }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    include %1$s/statusstream.conf;
                }
                """.formatted(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
            nginx.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        if (two != null) {
            two.close();
        }
        if (one != null) {
            one.close();
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Test
    void a_stream_through_nginx_gets_the_snapshot_then_each_change_at_once() throws Exception {
        try (SseClient client = SseClient.open(url("/api/status/stream"))) {
            assertEquals(200, client.status());
            assertTrue(client.header("Content-Type").startsWith("text/event-stream"));
            assertEquals(null, client.header("Content-Encoding"), "never compressed");
            SseClient.Event first = client.expect(WAIT);
            assertEquals(one.status().snapshot().version(), Long.parseLong(first.id()));
            long started = System.nanoTime();
            long version = one.status().setStatus("api", Status.OUTAGE, LocalizedText.of("en", "Down")).version();
            SseClient.Event change = client.expect(WAIT);
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertEquals(Long.toString(version), change.id());
            assertEquals("outage", Json.mapper().readTree(change.data()).get("statusLabel").asText());
            System.out.printf("a change reached a stream through nginx in %d ms%n", millis);
            assertTrue(millis < 1000, "the change took " + millis + " ms through nginx");
            Thread.sleep(700);
            assertTrue(client.comments().contains("heartbeat"), "heartbeats pass through: " + client.comments());
        }
    }

    @Test
    void streams_are_spread_over_both_nodes_and_both_get_a_change_made_on_either() throws Exception {
        try (SseClient a = SseClient.open(url("/api/status/stream")); SseClient b = SseClient.open(url("/api/status/stream"))) {
            a.expect(WAIT);
            b.expect(WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while ((one.server().hub().openStreams() != 1 || two.server().hub().openStreams() != 1)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, one.server().hub().openStreams(), "least_conn gives each node one of the two streams");
            assertEquals(1, two.server().hub().openStreams());
            long version = two.status().setStatus("api", Status.DEGRADED, LocalizedText.of("en", "Slow")).version();
            assertEquals(Long.toString(version), a.expect(WAIT).id());
            assertEquals(Long.toString(version), b.expect(WAIT).id());
        }
    }

    @Test
    void ordinary_requests_and_revalidation_pass_through() throws Exception {
        var summary = Http.get(url("/api/v2/summary.json"));
        assertEquals(200, summary.statusCode());
        assertEquals("*", Http.header(summary, "Access-Control-Allow-Origin"));
        String etag = Http.header(summary, "ETag");
        assertEquals(304, Http.get(url("/api/v2/summary.json"), "If-None-Match", etag).statusCode());
        assertEquals(200, Http.get(url("/metrics")).statusCode(), "from this machine, metrics are allowed");
    }

    @Test
    void metrics_are_refused_to_outside_addresses_in_every_spelling() throws Exception {
        // 127.0.0.2 is this machine too, but not among the template's allowed addresses
        assertEquals(200, statusFrom("127.0.0.2", "/api/status"), "the outside may read the page");
        for (String path : List.of("/metrics", "/metrics/", "//metrics", "/metrics//", "/metrics;x", "/metrics?x=1",
                "/%6Detrics", "/METRICS", "/Metrics/", "/api/../metrics", "/./metrics", "/metrics/x")) {
            assertEquals(403, statusFrom("127.0.0.2", path), path);
        }
    }

    /** The status code nginx answers a GET of {@code path} (sent as is) from the local address {@code source}. */
    private static int statusFrom(String source, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(head.substring(9, 12));
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try (var socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!nginx.isAlive()) {
                    throw new AssertionError("nginx exited: " + Files.readString(dir.resolve("nginx.out"))
                            + Files.readString(dir.resolve("error.log")));
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("nginx is not listening on " + port);
    }
}
