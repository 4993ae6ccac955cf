package dev.statusstream.server.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.statusstream.testing.Waiting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real HTTP receiver for webhooks, started in the test on 127.0.0.1: records every request (headers,
 * body, when) and answers with what {@link #answer} says, optionally holding requests until released.
 * Thread-safe.
 */
public final class HookSink implements AutoCloseable {
    /** One request as received. */
    public record Hit(String path, Map<String, List<String>> headers, String body, Instant at) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        public String delivery() {
            return header("X-StatusStream-Delivery");
        }
    }

    private final HttpServer server;
    private final List<Hit> hits = new CopyOnWriteArrayList<>();
    private volatile Function<Hit, Integer> answer = hit -> 200;
    private volatile CountDownLatch hold;

    private HookSink(HttpServer server) {
        this.server = server;
    }

    public static HookSink start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
            var sink = new HookSink(server);
            server.createContext("/", sink::handle);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return sink;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        var hit = new Hit(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body, Instant.now());
        hits.add(hit);
        CountDownLatch held = hold;
        if (held != null) {
            try {
                held.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int status = answer.apply(hit);
        byte[] reply = "{}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, status == 204 ? -1 : reply.length);
        if (status != 204) {
            exchange.getResponseBody().write(reply);
        }
        exchange.close();
    }

    /** Answers every request from now on with the status {@code answer} gives it. */
    public HookSink answering(Function<Hit, Integer> answer) {
        this.answer = answer;
        return this;
    }

    /** Holds every request from now on (without answering) until {@link #release()}. */
    public void holdRequests() {
        hold = new CountDownLatch(1);
    }

    public void release() {
        CountDownLatch held = hold;
        hold = null;
        if (held != null) {
            held.countDown();
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Hit> hits() {
        return List.copyOf(hits);
    }

    public Hit awaitHits(int count, Duration timeout) {
        Waiting.until(timeout, count + " requests at the sink (have " + hits.size() + ")", () -> hits.size() >= count);
        return hits.get(count - 1);
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
