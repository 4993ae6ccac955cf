package dev.statusstream.server.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.LocalizedText;
import dev.statusstream.ServicePatch;
import dev.statusstream.server.testing.FaultLogs;
import dev.statusstream.server.testing.RawStream;
import dev.statusstream.server.testing.SseClient;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.Waiting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slow and stalled clients on a node whose slow-client limit (60 s) outlasts each test, so they stay
 * connected throughout: a slow reader is conflated to the newest snapshot, and a client whose socket
 * is full holds back none of 100 others.
 */
class SlowClientTest {
    private static final Pattern SNAPSHOT = Pattern.compile("id: (\\d+)\ndata: \\{.*}", Pattern.DOTALL);
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = StreamIsolationTest.nodeWithLargeSnapshot("1s", "60s");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static StreamHub hub() {
        return node.server().hub();
    }

    /** A change of about 1 KB to a ~20 KB snapshot; returns its version. */
    private static long change(int i) {
        return node.status().updateService("svc-" + (i % 20),
                new ServicePatch(null, null, LocalizedText.of("en", ("change " + i + " ").repeat(100)), null)).version();
    }

    /** Streams of an earlier test are released within two heartbeats of their sockets closing. */
    private static void awaitNoStreams() {
        Waiting.until(Duration.ofSeconds(5), "the streams of earlier tests to be released", () -> hub().openStreams() == 0);
    }

    private static long awaitServed(long version) {
        Waiting.until(Duration.ofSeconds(5), "the hub to serve version " + version, () -> hub().version() >= version);
        return version;
    }

    /** The version of a snapshot frame, or -1 for a comment or the retry hint. */
    private static long snapshotVersion(String frame) {
        Matcher m = SNAPSHOT.matcher(frame);
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    @Test
    void a_slow_reader_gets_the_latest_snapshot_not_a_backlog() throws Exception {
        awaitNoStreams();
        StreamStats stats = hub().stats();
        long start = awaitServed(change(0));
        long conflatedBefore = stats.conflatedTotal();
        long droppedBefore = stats.slowClientsDropped();
        try (RawStream slow = RawStream.connect(node.port(), "/api/status/stream", 4096).readHead()) {
            assertEquals(200, slow.status());
            List<Long> versions = new ArrayList<>();
            // the reader takes one frame every 300 ms, far slower than the changes below arrive
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                try {
                    for (String frame; (frame = slow.nextFrame()) != null; ) {
                        long version = snapshotVersion(frame);
                        if (version >= 0) {
                            synchronized (versions) {
                                versions.add(version);
                            }
                        }
                        Thread.sleep(300);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Waiting.until(Duration.ofSeconds(3), "the first snapshot", () -> {
                synchronized (versions) {
                    return !versions.isEmpty();
                }
            });
            long last = 0;
            for (int i = 1; i <= 30; i++) {
                last = change(i);
            }
            long finalVersion = last;
            Waiting.until(Duration.ofSeconds(20), "the slow reader to reach the final version " + finalVersion, () -> {
                synchronized (versions) {
                    return versions.getLast() == finalVersion;
                }
            });
            List<Long> got;
            synchronized (versions) {
                got = List.copyOf(versions);
            }
            assertEquals(start, got.getFirst(), "it started on the snapshot of the time it connected");
            for (int i = 1; i < got.size(); i++) {
                assertTrue(got.get(i) > got.get(i - 1), "versions strictly increase: " + got);
            }
            List<Long> afterStart = got.subList(1, got.size());
            assertTrue(afterStart.size() < 30, "fewer snapshots than the 30 changes, not a backlog: " + got);
            assertEquals(finalVersion, got.getLast(), "it ends on the final version");
            assertTrue(stats.conflatedTotal() > conflatedBefore, "the skipped snapshots were counted as conflated");
            assertEquals(droppedBefore, stats.slowClientsDropped(), "a slow reader that keeps reading is not dropped");
            assertEquals(1, hub().openStreams(), "its stream is still open");
            assertFalse(reader.isDone(), "and the reader is still reading it");
        }
    }

    @Test
    void a_stalled_client_that_stays_connected_delays_none_of_100_others() throws Exception {
        awaitNoStreams();
        StreamStats stats = hub().stats();
        long droppedBefore = stats.slowClientsDropped();
        List<SseClient> healthy = new ArrayList<>();
        // connects and never reads, not even the response head
        RawStream stalled = RawStream.connect(node.port(), "/api/status/stream", 4096);
        try {
            Waiting.until(Duration.ofSeconds(3), "the stalled stream to open", () -> hub().openStreams() == 1);
            for (int i = 0; i < 100; i++) {
                SseClient client = SseClient.open(node.url("/api/status/stream"));
                client.expect(Duration.ofSeconds(5));
                healthy.add(client);
            }
            // changes until the stalled client's write is really stuck: in flight, accepting nothing, for a while
            long version = 0;
            for (int i = 0; i < 60 && hub().blockedStreams(Duration.ofMillis(500)) == 0; i++) {
                version = change(i);
                Thread.sleep(100);
            }
            assertEquals(1, hub().blockedStreams(Duration.ofMillis(500)), "the stalled client's write is blocked");
            long blockedBy = System.nanoTime();
            for (SseClient client : healthy) { // catch up with the changes made so far
                long reached = 0;
                while (reached < version) {
                    reached = Long.parseLong(client.expect(Duration.ofSeconds(5)).id());
                }
            }

            long worst = 0;
            for (int i = 0; i < 20; i++) {
                long expected = change(100 + i);
                long written = System.nanoTime();
                for (SseClient client : healthy) {
                    SseClient.Event event = client.expect(Duration.ofSeconds(2));
                    assertNotNull(event);
                    assertEquals(Long.toString(expected), event.id(), "no change is skipped for a healthy client");
                }
                worst = Math.max(worst, System.nanoTime() - written);
                Thread.sleep(50);
            }
            long worstMillis = TimeUnit.NANOSECONDS.toMillis(worst);
            FaultLogs.figure("One stalled client (kept connected)", "each of 20 changes on all 100 other clients, worst",
                    worstMillis);
            assertTrue(worstMillis < 500, "every healthy client had each change within 500 ms of the write, worst "
                    + worstMillis + " ms");
            assertEquals(1, hub().blockedStreams(Duration.ofNanos(System.nanoTime() - blockedBy)),
                    "the stalled client stayed blocked throughout (its write is still the one in flight then)");
            assertEquals(droppedBefore, stats.slowClientsDropped(), "and was not dropped (its limit is 60 s)");
            assertEquals(101, hub().openStreams());
        } finally {
            stalled.close();
            healthy.forEach(SseClient::close);
        }
    }
}
