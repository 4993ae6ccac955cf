package dev.statusstream.server.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.ChangeEvent;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.server.testing.FaultLogs;
import dev.statusstream.server.testing.NodeProcess;
import dev.statusstream.server.testing.StreamRecorder;
import dev.statusstream.server.testing.StreamRecorder.Received;
import dev.statusstream.testing.TestServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node stopped as an orchestrator stops it (SIGTERM, a real process): it ends its streams at once,
 * so its clients reconnect to the other node after their retry hint with {@code Last-Event-ID} and get
 * exactly the change made meanwhile, and it exits within the bound the README gives (5 s for the
 * streams, 5 s for Jetty).
 */
class GracefulShutdownTest {
    private static LocalizedText en(String text) {
        return LocalizedText.of("en", text);
    }

    @Test
    void a_terminated_node_ends_its_streams_and_its_clients_resume_elsewhere_with_what_they_missed() throws Exception {
        String database = TestServices.newDatabase();
        Map<String, String> env = Map.of("STATUS_DATABASE_URL", database, "STATUS_REDIS_URL", TestServices.redisUrl(),
                "STATUS_REDIS_PREFIX", TestServices.newRedisPrefix(), "STATUS_HEARTBEAT", "1s");
        List<StreamRecorder> onA = new ArrayList<>();
        StreamRecorder onB = null;
        try (StatusStream writer = StatusStream.create(StatusStreamConfig.defaults().withDatabaseUrl(database));
             NodeProcess a = NodeProcess.start("sigterm-a", env);
             NodeProcess b = NodeProcess.start("sigterm-b", env)) {
            writer.addService(NewService.of("api", en("API")));
            long seen = writer.setStatus("api", Status.DEGRADED, en("Slow")).version();
            for (int i = 0; i < 3; i++) {
                onA.add(StreamRecorder.resuming(List.of(a.url("/api/status/stream"), b.url("/api/status/stream"))));
            }
            onB = StreamRecorder.resuming(List.of(b.url("/api/status/stream"), a.url("/api/status/stream")));
            List<StreamRecorder> all = new ArrayList<>(onA);
            all.add(onB);
            for (StreamRecorder client : all) {
                client.awaitVersion(seen, Duration.ofSeconds(3));
            }

            long terminated = System.nanoTime();
            a.terminate();
            // made while the clients of a wait out their retry hint (at least 1 s)
            long changed = writer.setStatus("api", Status.OUTAGE, en("Down")).version();
            List<ChangeEvent> missed = writer.changesSince(seen, 10);
            assertEquals(1, missed.size());

            assertTrue(a.awaitExit(Duration.ofSeconds(10)), "the node exits within 10 s of SIGTERM");
            long exited = System.nanoTime();
            long caughtUp = StreamRecorder.awaitAll(all, changed, Duration.ofSeconds(8));
            FaultLogs.figure("Node SIGTERMed", "node exited", (exited - terminated) / 1e6);
            FaultLogs.figure("Node SIGTERMed", "its clients on the latest version elsewhere (retry 1-4 s)",
                    (caughtUp - terminated) / 1e6);
            assertTrue(caughtUp - terminated < Duration.ofSeconds(6).toNanos(),
                    "every client on the latest version within 6 s of SIGTERM, not " + (caughtUp - terminated) / 1_000_000 + " ms");

            for (StreamRecorder client : onA) {
                assertEquals(2, client.connections(), "its stream was ended, and it reconnected once, to the other node");
                List<Received> resumed = client.events().stream().filter(e -> e.connection() == 2).toList();
                assertEquals(2, resumed.size(), "the missed change, then the latest snapshot: " + resumed);
                assertEquals(missed.getFirst().entity(), resumed.getFirst().event());
                assertEquals(changed, resumed.getFirst().version());
                assertTrue(resumed.getLast().snapshot());
                assertEquals(changed, resumed.getLast().version());
                NodeCrashTest.assertStrictlyIncreasing(client);
            }
            assertEquals(1, onB.connections(), "the other node's clients were not disturbed");
            NodeCrashTest.assertStrictlyIncreasing(onB);
        } finally {
            onA.forEach(StreamRecorder::close);
            if (onB != null) {
                onB.close();
            }
        }
    }
}
