package dev.statusstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.statusstream.Snapshot;
import dev.statusstream.StatusException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The remote watch's reconnects, against a small scripted HTTP server (the JDK's own): each
 * connection gets the next script, and the test sees the headers each connection came with.
 */
class SseFollowerTest {
    private final List<String> lastEventIds = new CopyOnWriteArrayList<>();
    private final List<String> notices = new CopyOnWriteArrayList<>();
    private final List<Consumer<HttpExchange>> scripts = new ArrayList<>();
    private HttpServer server;
    private int connections;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private URI serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/status/stream", exchange -> {
            lastEventIds.add(String.valueOf(exchange.getRequestHeaders().getFirst("Last-Event-ID")));
            Consumer<HttpExchange> script;
            synchronized (this) {
                script = scripts.get(Math.min(connections++, scripts.size() - 1));
            }
            script.accept(exchange);
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/status/stream");
    }

    private static String snapshot(long version) {
        return Snapshot.empty(Instant.parse("2026-11-27T09:00:00Z")).toJson().replace("\"version\":0", "\"version\":" + version);
    }

    /** A script: a 200 event stream with {@code text}, then either the end of the response or silence. */
    private static Consumer<HttpExchange> stream(String text, Duration silence) {
        return exchange -> {
            try {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream body = exchange.getResponseBody();
                body.write(text.getBytes(StandardCharsets.UTF_8));
                body.flush();
                Thread.sleep(silence.toMillis());
                exchange.close();
            } catch (IOException | InterruptedException e) {
                exchange.close();
            }
        };
    }

    private static Consumer<HttpExchange> status(int code, String retryAfter) {
        return exchange -> {
            try {
                if (retryAfter != null) {
                    exchange.getResponseHeaders().add("Retry-After", retryAfter);
                }
                exchange.sendResponseHeaders(code, -1);
            } catch (IOException e) {
                // the client went away
            }
            exchange.close();
        };
    }

    private List<Long> follow(URI uri, Duration idleLimit, int snapshots) throws InterruptedException {
        List<Long> versions = new ArrayList<>();
        new SseFollower(HttpClient.newHttpClient(), uri, idleLimit, Duration.ofSeconds(2), notices::add).follow(s -> {
            versions.add(s.version());
            return versions.size() < snapshots;
        });
        return versions;
    }

    @Test
    void a_dropped_stream_is_resumed_with_the_last_snapshot_id_after_the_retry_hint() throws Exception {
        scripts.add(stream("retry: 200\n\n: heartbeat\n\nid: 5\ndata: " + snapshot(5) + "\n\n"
                + "event: service\nid: 6\ndata: {\"delta\":true}\n\n", Duration.ZERO));
        scripts.add(stream("id: 7\ndata: " + snapshot(7) + "\n\n", Duration.ofSeconds(5)));
        long start = System.nanoTime();
        assertEquals(List.of(5L, 7L), follow(serve(), Duration.ofSeconds(30), 2));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(200).toNanos(), "waited for the retry hint");
        assertEquals(List.of("null", "5"), lastEventIds, "resumes after the last snapshot, not after the named event");
        assertTrue(notices.stream().anyMatch(n -> n.contains("reconnected") && n.contains("version 5")), notices.toString());
    }

    @Test
    void a_stream_that_goes_silent_is_given_up_and_reopened() throws Exception {
        scripts.add(stream("id: 3\ndata: " + snapshot(3) + "\n\n", Duration.ofSeconds(30)));
        scripts.add(stream("id: 4\ndata: " + snapshot(4) + "\n\n", Duration.ofSeconds(5)));
        assertEquals(List.of(3L, 4L), follow(serve(), Duration.ofMillis(1500), 2));
        assertEquals("3", lastEventIds.get(1));
        assertTrue(notices.stream().anyMatch(n -> n.contains("not even a heartbeat")), notices.toString());
    }

    @Test
    void a_busy_server_is_retried_after_retry_after_and_an_event_that_is_not_a_snapshot_is_skipped() throws Exception {
        scripts.add(status(503, "1"));
        scripts.add(stream("data: {\"version\": \"NaN\"}\n\nid: 9\ndata: " + snapshot(9) + "\n\n", Duration.ofSeconds(5)));
        assertEquals(List.of(9L), follow(serve(), Duration.ofSeconds(30), 1));
        assertTrue(notices.stream().anyMatch(n -> n.contains("busy (503)")), notices.toString());
        assertTrue(notices.stream().anyMatch(n -> n.contains("not a snapshot")), notices.toString());
    }

    @Test
    void a_refusal_by_the_origin_check_is_final_and_says_why() throws Exception {
        scripts.add(status(403, null));
        URI uri = serve();
        var e = assertThrows(StatusException.class, () -> follow(uri, Duration.ofSeconds(30), 1));
        assertTrue(e.getMessage().contains("(403)") && e.getMessage().contains("origin check"), e.getMessage());
    }
}
