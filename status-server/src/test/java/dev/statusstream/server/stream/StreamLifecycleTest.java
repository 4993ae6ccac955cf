package dev.statusstream.server.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.server.OpenFiles;
import dev.statusstream.server.testing.RawStream;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Streams end cleanly on shutdown, and vanished clients leave nothing behind. */
class StreamLifecycleTest {
    private static final Duration HEARTBEAT = Duration.ofMillis(200);

    private static TestNode node(String... settings) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(),
                "STATUS_HEARTBEAT", HEARTBEAT.toMillis() + "ms", "STATUS_MAX_STREAMS_PER_IP", "5000"));
        for (int i = 0; i < settings.length; i += 2) {
            env.put(settings[i], settings[i + 1]);
        }
        return TestNode.start(env);
    }

    private static RawStream openAndRead(TestNode node) throws IOException {
        RawStream stream = RawStream.connect(node.port(), "/api/status/stream", 0).readHead();
        assertEquals(200, stream.status());
        assertTrue(stream.nextFrame().startsWith("retry:"));
        assertTrue(stream.nextFrame().startsWith("id: "));
        return stream;
    }

    @Test
    void shutdown_ends_every_stream_cleanly_and_refuses_new_ones_within_the_grace() throws Exception {
        TestNode node = node();
        List<RawStream> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                streams.add(openAndRead(node));
            }
            long started = System.nanoTime();
            node.server().hub().shutdown(Duration.ofSeconds(5));
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(took < 2000, "open streams ended in " + took + " ms, well within the grace");
            for (RawStream stream : streams) {
                String rest = stream.readRest();
                assertTrue(rest.isEmpty() || rest.matches("(: heartbeat\n\n)*"), rest);
                assertTrue(stream.endedCleanly(), "the response ended with its last chunk, so a browser reconnects");
            }
            assertEquals(0, node.server().hub().openStreams());
            try (RawStream late = RawStream.connect(node.port(), "/api/status/stream", 0).readHead()) {
                assertEquals(503, late.status(), "a node shutting down refuses new streams");
                assertEquals("2", late.header("Retry-After"));
            }
            assertEquals(1, node.server().hub().stats().rejectedShuttingDownTotal());
        } finally {
            for (RawStream stream : streams) {
                stream.close();
            }
            long started = System.nanoTime();
            node.close();
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "the node stopped in bounded time");
        }
    }

    @Test
    void closing_the_server_ends_streams_then_stops_listening() throws Exception {
        TestNode node = node();
        int port = node.port();
        RawStream stream = openAndRead(node);
        long started = System.nanoTime();
        node.close();
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "stopped in bounded time");
        stream.readRest();
        assertTrue(stream.endedCleanly(), "the stream was ended, not cut");
        stream.close();
        try (RawStream late = RawStream.connect(port, "/api/status/stream", 0)) {
            late.readHead();
            throw new AssertionError("a stopped node still answered " + late.status());
        } catch (ConnectException expected) {
            // nothing listens any more
        }
    }

    @Test
    void a_thousand_clients_vanishing_abruptly_leave_no_stream_and_no_file_descriptor_behind() throws Exception {
        TestNode node = node();
        try {
            Thread.sleep(500); // let the node's pools settle before counting
            long baseline = OpenFiles.open();
            List<RawStream> streams = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                streams.add(openAndRead(node));
            }
            assertEquals(1000, node.server().hub().openStreams());
            // the node's own work (its pool, delivery and monitors) opens and closes a few descriptors
            // meanwhile: the same slack as the count afterwards
            long withStreams = OpenFiles.open();
            assertTrue(withStreams >= baseline + 2000 - 20,
                    "both ends of 1,000 connections are open in this JVM: " + withStreams + " from a baseline of " + baseline);
            for (int i = 0; i < streams.size(); i++) {
                if (i % 2 == 0) {
                    streams.get(i).reset(); // RST
                } else {
                    streams.get(i).close(); // FIN
                }
            }
            long closedAt = System.nanoTime();
            long deadline = closedAt + HEARTBEAT.multipliedBy(2).plusSeconds(2).toNanos();
            while (node.server().hub().openStreams() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closedAt);
            assertEquals(0, node.server().hub().openStreams(), "every vanished client was released (after " + took + " ms)");
            assertTrue(took <= HEARTBEAT.multipliedBy(2).toMillis() + 1000,
                    "released within two heartbeats (plus scheduling slack): " + took + " ms");
            long open = OpenFiles.open();
            for (int i = 0; i < 100 && open > baseline + 20; i++) {
                Thread.sleep(20);
                open = OpenFiles.open();
            }
            assertTrue(open <= baseline + 20, "file descriptors back to " + open + " from a baseline of " + baseline);
            assertEquals(node.server().hub().stats().openedTotal(), node.server().hub().stats().closedTotal());
        } finally {
            node.close();
        }
    }
}
