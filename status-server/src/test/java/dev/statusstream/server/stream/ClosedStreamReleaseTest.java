package dev.statusstream.server.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.server.testing.FaultLogs;
import dev.statusstream.server.testing.Http;
import dev.statusstream.server.testing.RawStream;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import dev.statusstream.testing.Waiting;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that closes its stream gives back its place at once, not at the next write to it: the
 * heartbeat here is a minute, so only the node reading its sockets can notice the close.
 */
class ClosedStreamReleaseTest {
    private static final int LIMIT = 300;
    private static final Duration BOUND = Duration.ofSeconds(3);
    private TestNode node;

    @BeforeEach
    void start() {
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(), "STATUS_MAX_STREAMS",
                Integer.toString(LIMIT), "STATUS_MAX_STREAMS_PER_IP", Integer.toString(LIMIT), "STATUS_HEARTBEAT", "60s"));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    /** Opens a stream and reads its opening (retry hint and snapshot), so closing it sends a FIN, not a RST. */
    private RawStream open() throws IOException {
        RawStream stream = RawStream.connect(node.port(), "/api/status/stream", 0).readHead();
        if (stream.status() == 200) {
            assertTrue(stream.nextFrame().startsWith("retry:"));
            assertTrue(stream.nextFrame().startsWith("id: "));
        }
        return stream;
    }

    private static void closeAll(List<RawStream> streams) throws IOException {
        for (RawStream stream : streams) {
            stream.close();
        }
    }

    @Test
    void streams_closed_by_their_clients_give_back_their_places_at_once() throws Exception {
        List<RawStream> first = new ArrayList<>();
        List<RawStream> second = new ArrayList<>();
        try {
            for (int i = 0; i < LIMIT; i++) {
                RawStream stream = open();
                first.add(stream);
                assertEquals(200, stream.status());
            }
            try (RawStream over = open()) {
                assertEquals(503, over.status(), "the node is full");
            }
            closeAll(first);

            long start = System.nanoTime();
            for (int i = 0; i < LIMIT; i++) {
                RawStream stream = open();
                second.add(stream);
                if (stream.status() != 200) {
                    // a close not yet noticed: a place must come back within what is left of the bound
                    second.remove(second.size() - 1).close();
                    Duration left = BOUND.minusNanos(System.nanoTime() - start);
                    Waiting.until(left.isNegative() ? Duration.ZERO : left, "a place given back for stream " + i + " (bound "
                            + BOUND.toMillis() + " ms)", () -> node.server().hub().openStreams() < LIMIT);
                    i--;
                }
            }
            long took = System.nanoTime() - start;
            FaultLogs.figure("300 streams closed by their clients (FIN)", "300 new streams admitted", took / 1e6);
            assertTrue(took < BOUND.toNanos(), "300 new streams took " + took / 1_000_000 + " ms");
            assertEquals(LIMIT, node.server().hub().openStreams());
            String metrics = Http.get(node.url("/metrics")).body();
            assertTrue(metrics.contains("statusstream_streams_open " + LIMIT + ".0"), "the gauge follows: "
                    + metrics.lines().filter(l -> l.startsWith("statusstream_streams_open")).toList());
        } finally {
            closeAll(first);
            closeAll(second);
        }
    }
}
