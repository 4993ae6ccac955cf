package dev.statusstream.server.branding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.statusstream.LogoImage;
import dev.statusstream.ValidationException;
import dev.statusstream.internal.TargetAddresses;
import dev.statusstream.testing.FakeDns;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A logo fetched from a real HTTP server: bounded in size and time, refused when internal, cleaned like an upload. */
class LogoFetcherTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
        0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0};
    private static final CountDownLatch NEVER = new CountDownLatch(1);
    private static final AtomicInteger requests = new AtomicInteger();
    private static HttpServer server;
    private static String base;
    private static final LogoFetcher fetcher = new LogoFetcher(TargetAddresses.of(true), Duration.ofMillis(700));

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            String type;
            switch (path) {
                case "/logo.svg" -> {
                    body = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 2 2\" onload=\"alert(1)\"><script>alert(2)</script><rect width=\"2\" height=\"2\"/></svg>"
                            .getBytes(StandardCharsets.UTF_8);
                    type = "image/svg+xml";
                }
                case "/image" -> {
                    body = PNG;
                    type = "image/png";
                }
                case "/huge.png" -> {
                    body = new byte[LogoImage.MAX_BYTES + 1000];
                    System.arraycopy(PNG, 0, body, 0, PNG.length);
                    type = "image/png";
                }
                case "/page.html" -> {
                    body = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
                    type = "text/html";
                }
                case "/moved.svg" -> {
                    exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data");
                    exchange.sendResponseHeaders(302, -1);
                    exchange.close();
                    return;
                }
                case "/slow.svg" -> {
                    try {
                        NEVER.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.close();
                    return;
                }
                default -> {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
            }
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        NEVER.countDown();
        server.stop(0);
    }

    private static String reason(String url, LogoFetcher with) {
        ValidationException e = assertThrows(ValidationException.class, () -> with.fetch(url));
        assertEquals("logoUrl", e.field(), e.getMessage());
        return e.reason();
    }

    @Test
    void an_svg_is_fetched_and_cleaned_like_an_upload() {
        LogoImage logo = fetcher.fetch(base + "/logo.svg");
        assertEquals(LogoImage.SVG, logo.contentType());
        String svg = new String(logo.bytes(), StandardCharsets.UTF_8);
        assertTrue(svg.contains("<rect"), svg);
        assertFalse(svg.contains("script") || svg.contains("onload"), svg);
    }

    @Test
    void the_type_the_server_names_wins_over_a_url_without_an_ending() {
        LogoImage logo = fetcher.fetch(base + "/image");
        assertEquals(LogoImage.PNG, logo.contentType());
        assertArrayEquals(PNG, logo.bytes());
    }

    @Test
    void too_large_a_redirect_a_web_page_and_a_missing_image_are_refused_naming_the_url() {
        assertTrue(reason(base + "/huge.png", fetcher).contains("larger than 40 KB"));
        assertTrue(reason(base + "/moved.svg", fetcher).contains("302 (a redirect, not followed)"));
        assertTrue(reason(base + "/page.html", fetcher).contains("SVG"));
        assertTrue(reason(base + "/gone.png", fetcher).contains("answered 404"));
        assertTrue(reason("ftp://example.com/logo.png", fetcher).contains("http"));
    }

    @Test
    void a_server_that_never_answers_is_given_up_on_after_the_timeout() {
        long start = System.nanoTime();
        assertTrue(reason(base + "/slow.svg", fetcher).contains("no answer"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 600 && millis < 5_000, millis + " ms");
    }

    @Test
    void an_internal_address_is_refused_before_any_request_unless_private_targets_are_allowed() {
        int before = requests.get();
        try (var guarded = new LogoFetcher(TargetAddresses.of(false), Duration.ofMillis(700))) {
            assertTrue(reason(base + "/logo.svg", guarded).contains("STATUS_ALLOW_PRIVATE_TARGETS"));
            assertTrue(reason(base.replace("127.0.0.1", "localhost") + "/logo.svg", guarded).contains("resolves to 127.0.0.1"));
            assertTrue(reason("http://169.254.169.254/latest/meta-data", guarded).contains("169.254.169.254"));
        }
        assertEquals(before, requests.get(), "no request was sent");
    }

    @Test
    void the_connection_goes_to_the_address_the_guard_returned_not_to_a_second_lookup() {
        // a name no DNS knows: only the guard's resolver can have given the client its address
        var guard = new TargetAddresses(true, FakeDns.only("logos.example.test", FakeDns.LOOPBACK));
        try (var guarded = new LogoFetcher(guard, Duration.ofMillis(700))) {
            String url = base.replace("127.0.0.1", "logos.example.test") + "/logo.svg";
            assertEquals(LogoImage.SVG, guarded.fetch(url).contentType());
        }
    }

    @Test
    void a_name_that_starts_resolving_inside_the_network_after_its_check_is_refused_when_connecting() throws Exception {
        int before = requests.get();
        // the first answer is public (a check made earlier); every later one is loopback
        var guard = new TargetAddresses(false, FakeDns.rebinding(new AtomicInteger(), FakeDns.LOOPBACK));
        String url = base.replace("127.0.0.1", "rebind.example.test") + "/logo.svg";
        guard.check("logoUrl", url);
        try (var guarded = new LogoFetcher(guard, Duration.ofMillis(700))) {
            String reason = reason(url, guarded);
            assertTrue(reason.startsWith("'rebind.example.test' resolves to 127.0.0.1"), reason);
        }
        assertEquals(before, requests.get(), "nothing reached the address inside");
    }
}
