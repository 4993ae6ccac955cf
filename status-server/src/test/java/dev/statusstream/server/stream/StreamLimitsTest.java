package dev.statusstream.server.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.server.testing.RawStream;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Streams per client address and per node: over a limit, 429 or 503 with {@code Retry-After}. */
class StreamLimitsTest {
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(), "STATUS_MAX_STREAMS_PER_IP", "3",
                "STATUS_MAX_STREAMS", "5", "STATUS_HEARTBEAT", "100ms"));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static RawStream open(TestNode target, String source, String... headers) throws IOException {
        RawStream stream = RawStream.connectFrom(source, target.port(), "/api/status/stream", 0, headers).readHead();
        if (stream.status() == 200) {
            assertTrue(stream.nextFrame().startsWith("retry:"));
        }
        return stream;
    }

    private static void assertRefused(RawStream stream, int status, String retryAfter) throws IOException {
        assertEquals(status, stream.status());
        assertEquals(retryAfter, stream.header("Retry-After"));
        assertTrue(stream.header("Content-Type").startsWith("application/json"), stream.header("Content-Type"));
        assertTrue(stream.readRest().contains("\"error\""));
    }

    private static void awaitOpen(TestNode target, int streams) throws InterruptedException {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (target.server().hub().openStreams() != streams && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(streams, target.server().hub().openStreams());
    }

    @Test
    void one_address_gets_429_over_its_limit_a_forged_forwarded_for_changes_nothing_and_closing_frees_a_place()
            throws Exception {
        awaitOpen(node, 0);
        List<RawStream> streams = new ArrayList<>();
        long refusedBefore = node.server().hub().stats().rejectedPerIpTotal();
        try {
            for (int i = 0; i < 3; i++) {
                RawStream stream = open(node, "127.0.0.1");
                assertEquals(200, stream.status());
                streams.add(stream);
            }
            try (RawStream over = open(node, "127.0.0.1")) {
                assertRefused(over, 429, "30");
            }
            try (RawStream forged = open(node, "127.0.0.1", "X-Forwarded-For", "198.51.100.7")) {
                assertRefused(forged, 429, "30");
            }
            assertEquals(refusedBefore + 2, node.server().hub().stats().rejectedPerIpTotal());
            streams.remove(0).close();
            awaitOpen(node, 2);
            // the node notices the close at once (it reads the connection): the place is free again
            RawStream again = open(node, "127.0.0.1");
            assertEquals(200, again.status());
            streams.add(again);
        } finally {
            for (RawStream stream : streams) {
                stream.close();
            }
        }
    }

    @Test
    void the_node_gets_503_over_its_total() throws Exception {
        awaitOpen(node, 0);
        List<RawStream> streams = new ArrayList<>();
        long refusedBefore = node.server().hub().stats().rejectedOverTotal();
        try {
            for (String source : List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6")) {
                RawStream stream = open(node, source);
                assertEquals(200, stream.status());
                streams.add(stream);
            }
            try (RawStream over = open(node, "127.0.0.7")) {
                assertRefused(over, 503, "5");
            }
            assertEquals(refusedBefore + 1, node.server().hub().stats().rejectedOverTotal());
        } finally {
            for (RawStream stream : streams) {
                stream.close();
            }
        }
    }
}
