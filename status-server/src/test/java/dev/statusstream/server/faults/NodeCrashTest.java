package dev.statusstream.server.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.ChangeEvent;
import dev.statusstream.IncidentState;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
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
 * A node killed with SIGKILL: its clients, behaving like browsers behind a load balancer, reconnect
 * to the other node with {@code Last-Event-ID} and receive exactly the changes they missed, as named
 * events, then the latest snapshot.
 */
class NodeCrashTest {
    private static LocalizedText en(String text) {
        return LocalizedText.of("en", text);
    }

    @Test
    void clients_of_a_killed_node_resume_on_another_node_with_exactly_what_they_missed() throws Exception {
        String database = TestServices.newDatabase();
        Map<String, String> env = Map.of("STATUS_DATABASE_URL", database, "STATUS_REDIS_URL", TestServices.redisUrl(),
                "STATUS_REDIS_PREFIX", TestServices.newRedisPrefix(), "STATUS_HEARTBEAT", "1s");
        List<StreamRecorder> onA = new ArrayList<>();
        List<StreamRecorder> onB = new ArrayList<>();
        try (StatusStream writer = StatusStream.create(StatusStreamConfig.defaults().withDatabaseUrl(database));
             NodeProcess a = NodeProcess.start("crash-a", env);
             NodeProcess b = NodeProcess.start("crash-b", env)) {
            writer.addService(NewService.of("api", en("API")));
            long seen = writer.setStatus("api", Status.DEGRADED, en("Slow")).version();
            for (int i = 0; i < 3; i++) {
                onA.add(StreamRecorder.resuming(List.of(a.url("/api/status/stream"), b.url("/api/status/stream"))));
            }
            onB.add(StreamRecorder.resuming(List.of(b.url("/api/status/stream"), a.url("/api/status/stream"))));
            for (StreamRecorder client : concat(onA, onB)) {
                client.awaitVersion(seen, Duration.ofSeconds(3));
            }

            a.kill();
            long killed = System.nanoTime();
            writer.setStatus("api", Status.OUTAGE, en("Down"));
            String slug = writer.openIncident(NewIncident.incident(en("API down"), Status.OUTAGE, List.of("api"), en("Investigating")))
                    .value().slug();
            long last = writer.updateIncident(slug, IncidentState.IDENTIFIED, en("A bad deploy")).version();
            List<ChangeEvent> missed = writer.changesSince(seen, 100);
            assertEquals(3, missed.size());

            long caughtUp = StreamRecorder.awaitAll(concat(onA, onB), last, Duration.ofSeconds(10));
            FaultLogs.figure("Node SIGKILLed", "its clients on the latest version elsewhere (retry 1-4 s)",
                    (caughtUp - killed) / 1e6);
            // the retry hint is at most 4 s; reconnecting and the replay take milliseconds
            assertTrue(caughtUp - killed < Duration.ofSeconds(6).toNanos(),
                    "every client on the latest version within 6 s of the kill, not " + (caughtUp - killed) / 1_000_000 + " ms");

            for (StreamRecorder client : onA) {
                assertEquals(2, client.connections(), "reconnected once, to the other node");
                List<Received> resumed = client.events().stream().filter(e -> e.connection() == 2).toList();
                assertEquals(missed.size() + 1, resumed.size(), "the missed changes and the latest snapshot: " + resumed);
                for (int i = 0; i < missed.size(); i++) {
                    ChangeEvent change = missed.get(i);
                    Received event = resumed.get(i);
                    assertEquals(change.entity(), event.event());
                    assertEquals(change.version(), event.version());
                    assertEquals(change.toJson(), event.data());
                }
                Received snapshot = resumed.getLast();
                assertTrue(snapshot.snapshot());
                assertEquals(last, snapshot.version());
                assertEquals("identified", client.lastSnapshot().get("incidents").get(0).get("state").asText());
                assertStrictlyIncreasing(client);
            }
            StreamRecorder stayed = onB.getFirst();
            assertEquals(1, stayed.connections(), "the other node's clients were not disturbed");
            assertStrictlyIncreasing(stayed);
        } finally {
            concat(onA, onB).forEach(StreamRecorder::close);
        }
    }

    /**
     * Over all of a client's connections, each snapshot carries a higher version than the snapshot
     * before, and so does each named change event than the change before (a resume ends with the
     * snapshot at the version of the last change it replayed).
     */
    static void assertStrictlyIncreasing(StreamRecorder client) {
        long snapshot = -1;
        long change = -1;
        for (Received event : client.events()) {
            long previous = event.snapshot() ? snapshot : change;
            assertTrue(event.version() > previous, event.event() + " " + event.version() + " after " + previous
                    + " in " + client.events().stream().map(e -> e.event() + ":" + e.version()).toList());
            if (event.snapshot()) {
                snapshot = event.version();
            } else {
                change = event.version();
            }
        }
    }

    private static List<StreamRecorder> concat(List<StreamRecorder> first, List<StreamRecorder> second) {
        List<StreamRecorder> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
