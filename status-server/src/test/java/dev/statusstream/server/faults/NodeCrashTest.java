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
import dev.statusstream.server.testing.ProcessClassesTakeTurns;
import dev.statusstream.server.testing.StreamRecorder.Received;
import dev.statusstream.server.testing.StreamRecorder;
import dev.statusstream.testing.Closer;
import dev.statusstream.testing.TestServices;
import dev.statusstream.testing.Waiting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node that goes away, as real processes: stopped as an orchestrator stops it (SIGTERM), it ends
 * its streams and exits within the README's bound (5 s for the streams, 5 s for Jetty); killed
 * (SIGKILL), it says nothing. Either way its clients, behaving like browsers behind a load balancer,
 * reconnect to the other node with {@code Last-Event-ID} after their retry hint and receive exactly
 * the changes they missed, as named events, then the latest snapshot.
 */
@ExtendWith(ProcessClassesTakeTurns.class)
class NodeCrashTest {
    private static LocalizedText en(String text) {
        return LocalizedText.of("en", text);
    }

    /**
     * Two nodes on one database and Redis, three resuming clients on {@code a} (then {@code b}) and
     * one on {@code b} (then {@code a}), all on version {@code seen} of service {@code api}.
     */
    private record TwoNodes(StatusStream writer, NodeProcess a, NodeProcess b, List<StreamRecorder> onA,
            StreamRecorder onB, long seen) implements AutoCloseable {

        static TwoNodes start(String name) {
            String database = TestServices.newMigratedDatabase();
            Map<String, String> env = Map.of("STATUS_DATABASE_URL", database, "STATUS_REDIS_URL", TestServices.redisUrl(),
                    "STATUS_REDIS_PREFIX", TestServices.newRedisPrefix(), "STATUS_HEARTBEAT", "1s");
            var opened = new Closer(); // closed, newest first, if the setup fails
            try {
                StatusStream writer = track(opened, StatusStream.create(StatusStreamConfig.defaults().withDatabaseUrl(database)));
                NodeProcess a = track(opened, NodeProcess.start(name + "-a", env));
                NodeProcess b = track(opened, NodeProcess.start(name + "-b", env));
                writer.addService(NewService.of("api", en("API")));
                long seen = writer.setStatus("api", Status.DEGRADED, en("Slow")).version();
                List<StreamRecorder> onA = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    onA.add(track(opened, StreamRecorder.resuming(List.of(a.url("/api/status/stream"), b.url("/api/status/stream")))));
                }
                StreamRecorder onB = track(opened,
                        StreamRecorder.resuming(List.of(b.url("/api/status/stream"), a.url("/api/status/stream"))));
                var nodes = new TwoNodes(writer, a, b, onA, onB, seen);
                for (StreamRecorder client : nodes.clients()) {
                    client.awaitVersion(seen, Duration.ofSeconds(3));
                }
                return nodes;
            } catch (RuntimeException | Error e) {
                opened.closeAfter(e);
                throw e;
            }
        }

        private static <T extends AutoCloseable> T track(Closer opened, T resource) {
            return opened.add(resource);
        }

        List<StreamRecorder> clients() {
            List<StreamRecorder> all = new ArrayList<>(onA);
            all.add(onB);
            return all;
        }

        /** Each client of {@code a} reconnected once and got {@code missed}, then the snapshot at {@code last}. */
        void assertResumedOnB(List<ChangeEvent> missed, long last) {
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
                assertStrictlyIncreasing(client);
            }
            assertEquals(1, onB.connections(), "the other node's clients were not disturbed");
            assertStrictlyIncreasing(onB);
        }

        @Override
        public void close() {
            clients().forEach(StreamRecorder::close);
            b.close();
            a.close();
            writer.close();
        }
    }

    @Test
    void clients_of_a_killed_node_resume_on_another_node_with_exactly_what_they_missed() throws Exception {
        try (TwoNodes nodes = TwoNodes.start("crash")) {
            StatusStream writer = nodes.writer();
            nodes.a().kill();
            long killed = System.nanoTime();
            writer.setStatus("api", Status.OUTAGE, en("Down"));
            String slug = writer.openIncident(NewIncident.incident(en("API down"), Status.OUTAGE, List.of("api"), en("Investigating")))
                    .value().slug();
            long last = writer.updateIncident(slug, IncidentState.IDENTIFIED, en("A bad deploy")).version();
            List<ChangeEvent> missed = writer.changesSince(nodes.seen(), 100);
            assertEquals(3, missed.size());

            long caughtUp = StreamRecorder.awaitAll(nodes.clients(), last, Duration.ofSeconds(10));
            FaultLogs.figure("Node SIGKILLed", "its clients on the latest version elsewhere (retry 1-4 s)",
                    (caughtUp - killed) / 1e6);
            // the retry hint is at most 4 s; reconnecting and the replay take milliseconds
            assertTrue(caughtUp - killed < Duration.ofSeconds(6).toNanos(),
                    "every client on the latest version within 6 s of the kill, not " + (caughtUp - killed) / 1_000_000 + " ms");
            nodes.assertResumedOnB(missed, last);
            for (StreamRecorder client : nodes.onA()) {
                assertEquals("identified", client.lastSnapshot().get("incidents").get(0).get("state").asText());
            }
        }
    }

    @Test
    void a_terminated_node_ends_its_streams_and_its_clients_resume_elsewhere_with_what_they_missed() throws Exception {
        try (TwoNodes nodes = TwoNodes.start("sigterm")) {
            long terminated = System.nanoTime();
            nodes.a().terminate();
            // made once a has ended its streams, while its clients wait out their retry hint (at least 1 s):
            // a node that is still draining may deliver a change written right after the signal itself
            Waiting.until(Duration.ofSeconds(10), "a's streams ended by its shutdown",
                    () -> nodes.onA().stream().noneMatch(StreamRecorder::connected));
            long changed = nodes.writer().setStatus("api", Status.OUTAGE, en("Down")).version();
            List<ChangeEvent> missed = nodes.writer().changesSince(nodes.seen(), 10);
            assertEquals(1, missed.size());

            assertTrue(nodes.a().awaitExit(Duration.ofSeconds(10)), "the node exits within 10 s of SIGTERM");
            long exited = System.nanoTime();
            long caughtUp = StreamRecorder.awaitAll(nodes.clients(), changed, Duration.ofSeconds(8));
            FaultLogs.figure("Node SIGTERMed", "node exited", (exited - terminated) / 1e6);
            FaultLogs.figure("Node SIGTERMed", "its clients on the latest version elsewhere (retry 1-4 s)",
                    (caughtUp - terminated) / 1e6);
            assertTrue(caughtUp - terminated < Duration.ofSeconds(6).toNanos(),
                    "every client on the latest version within 6 s of SIGTERM, not " + (caughtUp - terminated) / 1_000_000 + " ms");
            nodes.assertResumedOnB(missed, changed);
        }
    }

    /**
     * Over all of a client's connections, each snapshot carries a higher version than the snapshot
     * before, and so does each named change event than the change before (a resume ends with the
     * snapshot at the version of the last change it replayed).
     */
    private static void assertStrictlyIncreasing(StreamRecorder client) {
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
}
