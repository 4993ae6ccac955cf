package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.testing.TestServices;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shop's {@code main} run as the README runs it: a process with only environment variables. */
class ShopMainTest {
    private static final Pattern STARTED = Pattern.compile("The shop is at http://localhost:(\\d+)/ and its status page at .*");

    @Test
    void a_database_the_server_does_not_have_is_created_and_the_shop_prints_where_it_is() throws Exception {
        String existing = TestServices.newMigratedDatabase();
        // a fresh name on the same server, in the pattern the test databases are cleaned up by
        String name = "ss_test_" + System.currentTimeMillis() / 1000 + "_shop" + UUID.randomUUID().toString().substring(0, 6);
        String missing = existing.replaceFirst("/ss_test_[a-z0-9_]+", "/" + name);
        Shop run = start(Map.of("DATABASE_URL", missing, "PORT", "0"));
        Process shop = run.process();
        try (var out = new BufferedReader(new InputStreamReader(shop.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            Matcher started = STARTED.matcher(line == null ? "" : line);
            assertTrue(started.matches(), () -> "first line: " + line + "; log: " + run.logText());
            var page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + started.group(1) + "/status/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("Checkout"), page.body());
        } finally {
            shop.destroy();
            shop.waitFor(20, TimeUnit.SECONDS);
            try (var c = DriverManager.getConnection(existing); var st = c.createStatement()) {
                st.execute("drop database if exists " + name + " with (force)");
            }
        }
    }

    @Test
    void an_unreachable_database_is_one_line_naming_it() throws Exception {
        int closed;
        try (var socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Shop run = start(Map.of("DATABASE_URL", "postgres://postgres@127.0.0.1:" + closed + "/shop", "PORT", "0"));
        Process shop = run.process();
        assertTrue(shop.waitFor(60, TimeUnit.SECONDS));
        String err = run.logText();
        assertEquals(1, shop.exitValue(), err);
        List<String> lines = err.lines().toList();
        assertEquals(1, lines.size(), err);
        assertTrue(lines.get(0).startsWith("shop: PostgreSQL is unavailable at jdbc:postgresql://127.0.0.1:" + closed + "/shop"), err);
    }

    /** A run of the shop; its log (standard error) goes to a file, as a pipe nobody reads would stop it once full. */
    private record Shop(Process process, Path log) {
        String logText() {
            try {
                return Files.readString(log);
            } catch (java.io.IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }
    }

    private static Shop start(Map<String, String> env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ShopApp.class.getName());
        builder.environment().keySet().removeIf(key -> key.startsWith("STATUS_") || key.endsWith("_URL"));
        builder.environment().putAll(env);
        Path log = Files.createTempFile("shop", ".log");
        builder.redirectError(log.toFile());
        Process process = builder.start();
        process.getOutputStream().close();
        return new Shop(process, log);
    }
}
