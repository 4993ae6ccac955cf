package dev.statusstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.statusstream.LocalizedText;
import dev.statusstream.Status;
import dev.statusstream.StatusException;
import dev.statusstream.StatusStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A write path for load tools that publish over HTTP: {@code PUT /status/{service}} with
 * {@code {"status":"degraded","summary":"..."}} calls the library's {@code setStatus} (one PostgreSQL
 * transaction, then the Redis publish), exactly as the CLI in direct mode does. Listens on 127.0.0.1
 * only and has no authentication: a benchmark fixture, never part of a deployment.
 */
final class WriteEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WriteEndpoint() {
    }

    static void serve(StatusStream status, int port) throws IOException {
        Main.seed(status);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/status/", exchange -> {
            try (exchange) {
                handle(status, exchange);
            }
        });
        http.start();
        System.err.println("write endpoint on http://127.0.0.1:" + port + "/status/{service}");
    }

    private static void handle(StatusStream status, HttpExchange exchange) throws IOException {
        String service = exchange.getRequestURI().getPath().substring("/status/".length());
        int code;
        String body;
        try {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            Status value = Status.parse(request.path("status").asText("degraded"));
            long version = status.setStatus(service, value, LocalizedText.of("en", request.path("summary").asText(""))).version();
            code = 200;
            body = "{\"version\":" + version + "}";
        } catch (StatusException | IllegalArgumentException | IOException e) {
            code = 400;
            body = "{\"error\":" + JSON.writeValueAsString(String.valueOf(e.getMessage())) + "}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
