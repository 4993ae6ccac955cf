package dev.statusstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.internal.Json;
import dev.statusstream.server.testing.FaultLogs;
import dev.statusstream.server.testing.NodeProcess;
import dev.statusstream.server.testing.StreamRecorder;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Twenty writers at once: eight through each of two server nodes' libraries and four through the
 * CLI's code path, while clients watch three nodes (one a separate process). Every write gets its own
 * version, every acknowledged write is in PostgreSQL (read from its tables), and every client ends on the same final snapshot
 * having seen only increasing versions.
 */
class ConcurrentWritersTest {
    private static final List<String> SERVICES = List.of("api", "web", "db", "auth", "cdn");
    private static final Status[] STATUSES = {Status.OPERATIONAL, Status.DEGRADED, Status.OUTAGE, Status.MAINTENANCE};
    private static final int WRITES_PER_WRITER = 10;

    /** One acknowledged write. */
    record Ack(long version, String service, Status status) {
    }

    @Test
    void twenty_concurrent_writers_lose_nothing_and_every_client_on_every_node_ends_on_the_same_snapshot() throws Exception {
        String database = TestServices.newMigratedDatabase();
        Map<String, String> env = Map.of("STATUS_DATABASE_URL", database, "STATUS_REDIS_URL",
                TestServices.redisUrl(), "STATUS_REDIS_PREFIX", TestServices.newRedisPrefix());
        List<StreamRecorder> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try (TestNode one = TestNode.start(env); TestNode two = TestNode.start(env);
             NodeProcess three = NodeProcess.start("concurrent-writers", env)) {
            long setup = 0;
            for (String id : SERVICES) {
                setup = one.status().addService(NewService.of(id, LocalizedText.of("en", id))).version();
            }
            for (String url : List.of(one.url(""), two.url(""), three.url(""))) {
                for (int i = 0; i < 3; i++) {
                    StreamRecorder client = StreamRecorder.open(url + "/api/status/stream");
                    clients.add(client);
                    client.awaitVersion(setup, Duration.ofSeconds(5));
                }
            }

            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Ack>>> writers = new ArrayList<>();
            for (int w = 0; w < 20; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    go.await();
                    Random random = new Random(writer);
                    List<Ack> acks = new ArrayList<>();
                    for (int i = 0; i < WRITES_PER_WRITER; i++) {
                        String service = SERVICES.get(random.nextInt(SERVICES.size()));
                        Status status = STATUSES[random.nextInt(STATUSES.length)];
                        long version = writer < 8 ? write(one.status(), service, status)
                                : writer < 16 ? write(two.status(), service, status)
                                : cli(env, service, status);
                        acks.add(new Ack(version, service, status));
                    }
                    return acks;
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            List<Ack> acks = new ArrayList<>();
            for (Future<List<Ack>> writer : writers) {
                acks.addAll(writer.get());
            }
            long acknowledged = System.nanoTime();
            FaultLogs.figure("20 concurrent writers", "200 writes acknowledged", (acknowledged - start) / 1e6);

            // every write has its own version, and together they are exactly the versions after the setup
            TreeMap<Long, Ack> byVersion = new TreeMap<>();
            acks.forEach(ack -> byVersion.put(ack.version(), ack));
            assertEquals(acks.size(), byVersion.size(), "no two writes share a version");
            assertEquals(setup + 1, byVersion.firstKey());
            assertEquals(setup + acks.size(), byVersion.lastKey());
            long last = byVersion.lastKey();

            // and every acknowledged write is in PostgreSQL as acknowledged: read its tables, not a node's memory
            Map<String, Status> expected = new HashMap<>();
            byVersion.values().forEach(ack -> expected.put(ack.service(), ack.status()));
            try (Connection c = DriverManager.getConnection(database)) {
                try (PreparedStatement log = c.prepareStatement(
                        "select version, subject, data->>'status' from statusstream_change_log where version > ? order by version")) {
                    log.setLong(1, setup);
                    try (ResultSet rows = log.executeQuery()) {
                        int count = 0;
                        while (rows.next()) {
                            count++;
                            Ack ack = byVersion.get(rows.getLong(1));
                            assertNotNull(ack, "a change nobody acknowledged: version " + rows.getLong(1));
                            assertEquals(ack.service(), rows.getString(2), "version " + ack.version());
                            assertEquals(ack.status().wireName(), rows.getString(3), "version " + ack.version());
                        }
                        assertEquals(acks.size(), count, "one change-log row per acknowledged write");
                    }
                }
                try (ResultSet version = c.createStatement().executeQuery("select version from statusstream_status_version")) {
                    assertTrue(version.next());
                    assertEquals(last, version.getLong(1), "PostgreSQL's version is the last acknowledged one");
                }
                try (ResultSet services = c.createStatement().executeQuery("select id, status from statusstream_services")) {
                    Map<String, String> stored = new HashMap<>();
                    while (services.next()) {
                        stored.put(services.getString(1), services.getString(2));
                    }
                    Map<String, String> wanted = new HashMap<>();
                    expected.forEach((id, status) -> wanted.put(id, status.wireName()));
                    for (String id : SERVICES) {
                        wanted.putIfAbsent(id, Status.OPERATIONAL.wireName()); // never written: as added
                    }
                    assertEquals(wanted, stored, "each service's stored status is its last acknowledged one");
                }
            }

            long converged = StreamRecorder.awaitAll(clients, last, Duration.ofSeconds(5));
            FaultLogs.figure("20 concurrent writers", "every client on the final version after the last ack",
                    (converged - acknowledged) / 1e6);
            String finalSnapshot = withoutGeneratedAt(clients.getFirst().lastSnapshot());
            for (StreamRecorder client : clients) {
                assertEquals(last, client.version());
                assertEquals(finalSnapshot, withoutGeneratedAt(client.lastSnapshot()), "the same final snapshot everywhere");
                long previous = -1;
                for (StreamRecorder.Received event : client.snapshots()) {
                    assertTrue(event.version() > previous, "version " + event.version() + " after " + previous);
                    previous = event.version();
                }
            }
            for (JsonNode service : clients.getFirst().lastSnapshot().get("services")) {
                assertEquals(expected.get(service.get("id").asText()).wireName(), service.get("status").asText());
            }
        } finally {
            pool.shutdownNow();
            clients.forEach(StreamRecorder::close);
        }
    }

    private static long write(StatusStream status, String service, Status value) {
        return status.setStatus(service, value, null).version();
    }

    private static long cli(Map<String, String> env, String service, Status value) throws Exception {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Cli.create(env, new PrintWriter(out), new PrintWriter(err))
                .run("service", "set", service, value.wireName(), "--json");
        assertEquals(0, code, err.toString());
        return Json.mapper().readTree(out.toString()).get("version").asLong();
    }

    private static String withoutGeneratedAt(JsonNode snapshot) {
        ObjectNode copy = snapshot.deepCopy();
        copy.remove("generatedAt");
        return copy.toString();
    }
}
