package dev.statusstream.server.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.server.testing.RawStream;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats go to silent streams only: a silent stream gets one every interval, a stream that keeps
 * getting events gets none, and none goes longer than an interval without a write.
 */
class StreamHeartbeatTest {
    private static final long HEARTBEAT_MS = 800;
    /** A tenth of the interval: the heartbeat clock's tick. */
    private static final long TICK_MS = HEARTBEAT_MS / 10;
    /** Scheduling delay allowed on a busy machine, on top of the interval. */
    private static final long LATE_MS = 300;
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(),
                "STATUS_HEARTBEAT", HEARTBEAT_MS + "ms"));
        node.status().addService(NewService.of("api", LocalizedText.of("en", "Public API")));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** A stream past its opening (retry hint and snapshot). */
    private static RawStream open() throws IOException {
        RawStream stream = RawStream.connect(node.port(), "/api/status/stream", 0).readHead();
        assertEquals(200, stream.status());
        assertTrue(stream.nextFrame().startsWith("retry:"));
        assertTrue(stream.nextFrame().startsWith("id: "));
        return stream;
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    @Test
    void a_silent_stream_gets_a_heartbeat_every_interval_and_nothing_else() throws Exception {
        try (RawStream stream = open()) {
            long opened = System.nanoTime();
            assertEquals(": heartbeat", stream.nextFrame());
            long sinceOpening = millisSince(opened);
            assertTrue(sinceOpening <= HEARTBEAT_MS + LATE_MS, "the first heartbeat came " + sinceOpening + " ms after the opening");
            long first = System.nanoTime();
            List<Long> gaps = new ArrayList<>();
            long previous = first;
            for (int i = 0; i < 4; i++) {
                assertEquals(": heartbeat", stream.nextFrame());
                long now = System.nanoTime();
                gaps.add(TimeUnit.NANOSECONDS.toMillis(now - previous));
                previous = now;
            }
            long mean = TimeUnit.NANOSECONDS.toMillis(previous - first) / gaps.size();
            assertTrue(mean >= HEARTBEAT_MS - TICK_MS - 50 && mean <= HEARTBEAT_MS + LATE_MS / 4,
                    "heartbeats every " + mean + " ms on average, gaps " + gaps);
            assertTrue(gaps.stream().allMatch(gap -> gap > HEARTBEAT_MS / 2), "no heartbeat came early: " + gaps);
        }
    }

    @Test
    void a_stream_that_keeps_getting_changes_gets_no_heartbeat_until_an_interval_after_the_last_one() throws Exception {
        try (RawStream stream = open()) {
            long started = System.nanoTime();
            long lastEvent = 0;
            int changes = 0;
            // changes back to back for three intervals: each one reaches the stream before the next is made
            while (millisSince(started) < 3 * HEARTBEAT_MS) {
                long version = node.status().setStatus("api", changes % 2 == 0 ? Status.DEGRADED : Status.OPERATIONAL,
                        LocalizedText.of("en", "change " + changes)).version();
                changes++;
                for (long seen = 0; seen < version; ) {
                    String frame = stream.nextFrame();
                    assertTrue(frame.startsWith("id: "), "only events while they keep coming, after " + changes
                            + " changes in " + millisSince(started) + " ms: " + frame);
                    seen = Long.parseLong(frame.substring(4, frame.indexOf('\n')));
                }
                lastEvent = System.nanoTime();
            }
            assertEquals(": heartbeat", stream.nextFrame());
            long quiet = millisSince(lastEvent);
            assertTrue(quiet >= HEARTBEAT_MS - TICK_MS - 50 && quiet <= HEARTBEAT_MS + LATE_MS,
                    "the heartbeat came " + quiet + " ms after the last of " + changes + " changes");
        }
    }
}
