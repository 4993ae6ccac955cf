package dev.statusstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.statusstream.AuditQuery;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every query the remote mode builds reaches the server as the user typed it: a cursor or a filter
 * holding {@code &}, {@code =}, {@code #}, {@code +}, a space or non-ASCII text is one parameter, not a
 * second one or a fragment. Checked against a small HTTP server (the JDK's own) that records what arrived.
 */
class RemoteQueryTest {
    /** Every character that would end or split a query parameter if sent as it is. */
    private static final String AWKWARD = "a&limit=1000#x+y z%20é";

    private static HttpServer server;
    private static RemoteOperations remote;
    private static final AtomicReference<URI> lastRequest = new AtomicReference<>();

    @BeforeAll
    static void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Map<String, String> replies = Map.of(
                "/api/admin/subscribers", "{\"subscribers\":[]}",
                "/api/admin/templates", "{\"templates\":[]}",
                "/api/admin/monitors", "{\"page\":{\"monitors\":[]}}",
                "/api/admin/audit", "{\"entries\":[]}",
                "/api/admin/tokens", "{\"tokens\":[]}",
                "/api/admin/operators", "{\"operators\":[]}");
        replies.forEach((path, reply) -> server.createContext(path, exchange -> {
            lastRequest.set(exchange.getRequestURI());
            byte[] body = reply.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        remote = new RemoteOperations(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), () -> "token",
                notice -> {
                });
    }

    @AfterAll
    static void stop() {
        remote.close();
        server.stop(0);
    }

    /** The query's parameters as a server reads them: split on {@code &} and {@code =}, then decoded. */
    private static Map<String, String> receivedQuery() {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : lastRequest.get().getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    @Test
    void the_subscribers_cursor_arrives_as_one_parameter() {
        remote.subscribers(AWKWARD, 20);
        assertEquals(Map.of("limit", "20", "after", AWKWARD), receivedQuery());
        assertEquals(null, lastRequest.get().getRawFragment());
    }

    @Test
    void the_templates_cursor_arrives_as_one_parameter() {
        remote.templates(AWKWARD, 20);
        assertEquals(Map.of("limit", "20", "after", AWKWARD), receivedQuery());
    }

    @Test
    void the_monitors_service_and_cursor_arrive_as_one_parameter_each() {
        remote.monitors(AWKWARD, AWKWARD + "2", 20);
        assertEquals(Map.of("limit", "20", "service", AWKWARD, "after", AWKWARD + "2"), receivedQuery());
    }

    @Test
    void the_audit_filters_arrive_as_one_parameter_each() {
        remote.audit(new AuditQuery("token:" + AWKWARD, AWKWARD, 42L, 10));
        assertEquals(Map.of("limit", "10", "actor", "token:" + AWKWARD, "target", AWKWARD, "before", "42"), receivedQuery());
    }

    @Test
    void parameters_left_unset_are_not_sent() {
        remote.monitors(null, null, 5);
        assertEquals(Map.of("limit", "5"), receivedQuery());
        remote.tokens();
        assertEquals(Map.of("limit", Integer.toString(dev.statusstream.Accounts.MAX_PAGE)), receivedQuery());
        remote.operators();
        assertEquals(Map.of("limit", Integer.toString(dev.statusstream.Accounts.MAX_PAGE)), receivedQuery());
    }
}
