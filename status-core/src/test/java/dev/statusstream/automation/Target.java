package dev.statusstream.automation;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP target for checks: each path answers as told (a status, a body, a delay), and every hit
 * is recorded with its time.
 */
final class Target implements AutoCloseable {
    /** How a path answers. */
    record Answer(int status, String body, long delayMs) {
    }

    private final HttpServer server;
    private final ConcurrentHashMap<String, Answer> answers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, List<Long>> hits = new ConcurrentHashMap<>();

    Target() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
            Answer answer = answers.getOrDefault(path, new Answer(200, "ok", 0));
            try {
                if (answer.delayMs() > 0) {
                    Thread.sleep(answer.delayMs());
                }
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer.status(), body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException | IOException e) {
                exchange.close();
            }
        });
        server.start();
    }

    void answer(String path, int status, String body, long delayMs) {
        answers.put(path, new Answer(status, body, delayMs));
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The times (System.nanoTime) of the hits at {@code path}. */
    List<Long> hits(String path) {
        return List.copyOf(hits.getOrDefault(path, List.of()));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
