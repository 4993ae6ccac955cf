package dev.statusstream.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.server.testing.KeptAliveConnection;
import dev.statusstream.server.testing.SseClient;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A client that sends its headers a line at a time is cut off; a stream that lasts is not. */
class HeaderReadDeadlineTest {
    private static final Duration BOUND = Duration.ofSeconds(1);
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(),
                "STATUS_REQUEST_HEADER_TIMEOUT", BOUND.toMillis() + "ms", "STATUS_HEARTBEAT", "200ms"));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void a_client_dribbling_header_lines_is_closed_soon_after_the_bound() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", node.port()), 5000);
            socket.setSoTimeout(100);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            long started = System.nanoTime();
            out.write("GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
            boolean closed = false;
            // a header line every 200 ms, far inside the 30 s idle timeout's per-read clock, never the blank line
            for (int line = 0; line < 50 && !closed; line++) {
                try {
                    out.write(("X-Line-" + line + ": x\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    closed = in.read() == -1;
                } catch (SocketTimeoutException e) {
                    // nothing yet: the server still waits for the rest of the headers
                } catch (IOException e) {
                    closed = true; // reset by the server
                }
            }
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            System.out.printf("a dribbling client was closed after %d ms (bound %d ms)%n", millis, BOUND.toMillis());
            assertTrue(closed, "still open after " + millis + " ms");
            assertTrue(millis >= BOUND.toMillis() && millis < BOUND.toMillis() * 2 + 500, "closed after " + millis + " ms");
        }
    }

    @Test
    void a_stream_and_a_kept_alive_connection_outlive_the_bound() throws Exception {
        try (SseClient stream = SseClient.open(node.url("/api/status/stream"));
             KeptAliveConnection idle = new KeptAliveConnection(node.port())) {
            assertEquals(200, stream.status());
            assertEquals(200, idle.send("GET", "/api/status").status());
            stream.expect(Duration.ofSeconds(3));
            long until = System.nanoTime() + BOUND.multipliedBy(3).toNanos();
            while (System.nanoTime() < until) {
                assertTrue(!stream.ended(), "the stream was cut");
                Thread.sleep(50);
            }
            int heartbeats = stream.comments().size();
            assertTrue(heartbeats >= 5 && !stream.ended(), "the stream lives on, " + heartbeats + " heartbeats");
            assertEquals(200, idle.send("GET", "/api/status").status(), "an idle kept-alive connection is the idle timeout's");
        }
    }
}
