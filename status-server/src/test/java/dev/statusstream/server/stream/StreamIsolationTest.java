package dev.statusstream.server.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.ServicePatch;
import dev.statusstream.Status;
import dev.statusstream.internal.Json;
import dev.statusstream.server.testing.RawStream;
import dev.statusstream.server.testing.SseClient;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import dev.statusstream.testing.Waiting;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One writer per client: frames never interleave, and a stalled client holds back nobody else. */
class StreamIsolationTest {
    private static final Pattern SNAPSHOT = Pattern.compile("id: (\\d+)\ndata: (\\{.*})");
    private static final Pattern CHANGE = Pattern.compile("id: (\\d+)\nevent: (service|incident)\ndata: (\\{.*})");
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = nodeWithLargeSnapshot("10ms", "300ms");
    }

    /**
     * A node on its own database and Redis prefix whose snapshot is ~20 KB (20 services), so that a
     * socket that never reads fills up after a few changes.
     */
    static TestNode nodeWithLargeSnapshot(String heartbeat, String slowClientLimit) {
        TestNode started = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(),
                "STATUS_REDIS_URL", TestServices.redisUrl(), "STATUS_REDIS_PREFIX", TestServices.newRedisPrefix(),
                "STATUS_HEARTBEAT", heartbeat, "STATUS_SLOW_CLIENT_LIMIT", slowClientLimit));
        for (int i = 0; i < 20; i++) {
            started.status().addService(new NewService("svc-" + i, LocalizedText.of("en", "Service " + i), "Platform",
                    LocalizedText.of("en", "x".repeat(900)), i));
        }
        return started;
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** Every frame on the wire is exactly one heartbeat, retry hint, snapshot or change event. */
    private static long checkFrame(String frame, long lastVersion) throws IOException {
        if (frame.equals(": heartbeat") || frame.matches("retry: \\d+")) {
            return lastVersion;
        }
        Matcher snapshot = SNAPSHOT.matcher(frame);
        Matcher change = CHANGE.matcher(frame);
        long id;
        JsonNode data;
        if (snapshot.matches()) {
            id = Long.parseLong(snapshot.group(1));
            data = Json.mapper().readTree(snapshot.group(2));
        } else if (change.matches()) {
            id = Long.parseLong(change.group(1));
            data = Json.mapper().readTree(change.group(3));
        } else {
            throw new AssertionError("a frame that is neither an event nor a comment: "
                    + frame.substring(0, Math.min(frame.length(), 300)));
        }
        assertEquals(id, data.get("version").asLong(), "the id is the data's version");
        assertTrue(id >= lastVersion, "versions never go back: " + id + " after " + lastVersion);
        return id;
    }

    @Test
    void heartbeats_every_10ms_during_a_burst_of_changes_never_split_a_frame() throws Exception {
        List<RawStream> streams = new ArrayList<>();
        List<CompletableFuture<Long>> readers = new ArrayList<>();
        AtomicLong target = new AtomicLong(Long.MAX_VALUE);
        long last = 0;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 60; i++) {
                if (i % 3 == 0) { // streams keep opening during the burst, racing with broadcasts and heartbeats
                    RawStream stream = RawStream.connect(node.port(), "/api/status/stream", 0).readHead();
                    assertEquals(200, stream.status());
                    streams.add(stream);
                    readers.add(CompletableFuture.supplyAsync(() -> readAll(stream, target), threads));
                }
                last = node.status().setStatus("svc-" + (i % 20), i % 2 == 0 ? Status.DEGRADED : Status.OPERATIONAL,
                        LocalizedText.of("en", "change " + i)).version();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (node.server().hub().version() < last && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            target.set(last);
            for (CompletableFuture<Long> reader : readers) {
                assertEquals(last, reader.get(5, TimeUnit.SECONDS), "every stream reached the last change");
            }
        } finally {
            for (RawStream stream : streams) {
                stream.close();
            }
        }
        assertTrue(node.server().hub().stats().heartbeatsSent() > 100, "heartbeats were interleaved with the burst");
    }

    /** Checks frames until the stream has {@code target} and a few heartbeats after it. */
    private static long readAll(RawStream stream, AtomicLong target) {
        long version = 0;
        int after = 0;
        try {
            for (String frame; (frame = stream.nextFrame()) != null; ) {
                version = checkFrame(frame, version);
                if (version >= target.get() && ++after > 20) {
                    break;
                }
            }
        } catch (IOException e) {
            // closed by the test: what was read so far has been checked
        }
        return version;
    }

    @Test
    void a_stalled_client_is_dropped_while_100_others_get_every_change_promptly() throws Exception {
        StreamStats stats = node.server().hub().stats();
        long droppedBefore = stats.slowClientsDropped();
        List<SseClient> healthy = new ArrayList<>();
        RawStream stalled = RawStream.connect(node.port(), "/api/status/stream", 4096);
        try {
            for (int i = 0; i < 100; i++) {
                SseClient client = SseClient.open(node.url("/api/status/stream"));
                client.expect(Duration.ofSeconds(5));
                healthy.add(client);
            }
            long worst = 0;
            for (int i = 0; i < 40 && (i < 10 || stats.slowClientsDropped() == droppedBefore); i++) {
                long started = System.nanoTime();
                long version = node.status().updateService("svc-" + (i % 20),
                        new ServicePatch(null, null, LocalizedText.of("en", ("change " + i + " ").repeat(100)), null))
                        .version();
                for (SseClient client : healthy) {
                    SseClient.Event event = client.expect(Duration.ofSeconds(2));
                    assertEquals(Long.toString(version), event.id(), "no change is skipped for a healthy client");
                }
                worst = Math.max(worst, System.nanoTime() - started);
                Thread.sleep(50);
            }
            assertTrue(TimeUnit.NANOSECONDS.toMillis(worst) < 1500,
                    "every healthy client had each change within " + TimeUnit.NANOSECONDS.toMillis(worst) + " ms");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (stats.slowClientsDropped() == droppedBefore && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(droppedBefore + 1, stats.slowClientsDropped(), "the stalled client was dropped and counted");
            assertDrainsToEnd(stalled); // the server cut the stalled client's connection
            // the dropped stream leaves the hub when its connection has closed, a moment after it is counted
            Waiting.until(Duration.ofSeconds(3), "the hub to hold the 100 healthy streams alone (the healthy ones stay)",
                    () -> node.server().hub().openStreams() == 100);
        } finally {
            stalled.close();
            healthy.forEach(SseClient::close);
        }
    }

    /** Reads what the kernel still holds for the stalled socket: it must end in EOF or a reset. */
    private static void assertDrainsToEnd(RawStream stalled) {
        try {
            var in = stalled.socket().getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                if (in.read(buffer) < 0) {
                    return;
                }
            }
            fail("the stalled socket was still open after 5 s");
        } catch (IOException reset) {
            // a reset ends it too
        }
    }
}
