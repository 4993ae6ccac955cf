package dev.statusstream.server.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.internal.Json;
import dev.statusstream.server.testing.Http;
import dev.statusstream.server.testing.StreamRecorder;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import dev.statusstream.testing.Waiting;
import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whatever else arrives on the Redis channel (another program, a stale node, a replay, a deployment
 * sharing the Redis by mistake) changes nothing on two real nodes and their clients, and is counted
 * where an operator can see it ({@code /readyz}). The nodes run in this JVM: what is proven is how a node
 * judges what arrives on the channel, which needs no process of its own.
 */
class BadRedisMessagesTest {
    private static String prefix;
    private static StatusStream writer;
    private static TestNode a;
    private static TestNode b;

    @BeforeAll
    static void start() {
        String database = TestServices.newMigratedDatabase();
        prefix = TestServices.newRedisPrefix();
        writer = StatusStream.create(StatusStreamConfig.defaults().withDatabaseUrl(database)
                .withRedisUrl(TestServices.redisUrl()).withRedisPrefix(prefix));
        Map<String, String> env = Map.of("STATUS_DATABASE_URL", database, "STATUS_REDIS_URL", TestServices.redisUrl(),
                "STATUS_REDIS_PREFIX", prefix, "STATUS_HEARTBEAT", "1s");
        a = TestNode.start(env);
        b = TestNode.start(env);
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
        writer.close();
    }

    private static JsonNode sync(TestNode node) {
        return json(node, "/readyz").get("sync");
    }

    /** The version the node's {@code /api/status} serves. */
    private static long version(TestNode node) {
        return json(node, "/api/status").get("version").asLong();
    }

    private static JsonNode json(TestNode node, String path) {
        try {
            return Json.mapper().readTree(Http.get(node.url(path)).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long judged(JsonNode sync) {
        return sync.get("messagesInvalid").asLong() + sync.get("messagesStale").asLong();
    }

    @Test
    void invalid_older_duplicated_and_future_messages_change_nothing_on_any_node_and_are_counted() throws Exception {
        writer.addService(NewService.of("api", LocalizedText.of("en", "API")));
        String older = writer.snapshot().toJson();
        long current = writer.setStatus("api", Status.OUTAGE, LocalizedText.of("en", "Down")).version();
        List<StreamRecorder> clients = List.of(StreamRecorder.open(a.url("/api/status/stream")),
                StreamRecorder.open(b.url("/api/status/stream")));
        try {
            for (StreamRecorder client : clients) {
                client.awaitVersion(current, Duration.ofSeconds(3));
            }
            Thread.sleep(500); // let the writer's own publish of the current version arrive first
            String latest = Http.get(a.url("/api/status")).body();
            assertTrue(latest.contains("\"version\":" + current) && latest.contains("\"status\":\"outage\""), latest);
            JsonNode beforeA = sync(a);
            JsonNode beforeB = sync(b);
            int eventsBefore = clients.get(0).events().size() + clients.get(1).events().size();

            List<String> messages = List.of(
                    "not json at all",
                    "{\"statusLabel\":\"outage\"}",
                    latest.replace("\"status\":\"outage\"", "\"status\":\"exploded\""),
                    older,
                    latest,
                    // a valid snapshot from a version PostgreSQL never had (another deployment on the same prefix)
                    latest.replace("\"version\":" + current, "\"version\":" + (current + 1000))
                            .replace("\"outage\"", "\"operational\""));
            RedisClient client = RedisClient.create(TestServices.redisUrl());
            try (var connection = client.connect()) {
                for (String message : messages) {
                    connection.sync().publish(prefix + ":updates", message);
                }
            } finally {
                client.shutdown();
            }
            for (TestNode node : List.of(a, b)) {
                JsonNode before = node == a ? beforeA : beforeB;
                // counted as received on arrival, as invalid or stale once judged on the sync thread
                Waiting.until(Duration.ofSeconds(5), "node " + (node == a ? "a" : "b") + " to judge the messages",
                        () -> judged(sync(node)) >= judged(before) + messages.size());
                JsonNode after = sync(node);
                assertEquals(before.get("messagesInvalid").asLong() + 4, after.get("messagesInvalid").asLong(), after.toString());
                assertEquals(before.get("messagesStale").asLong() + 2, after.get("messagesStale").asLong(), after.toString());
                assertEquals(before.get("applied").asLong(), after.get("applied").asLong(), after.toString());
                assertEquals(current, version(node));
            }
            Thread.sleep(300);
            assertEquals(eventsBefore, clients.get(0).events().size() + clients.get(1).events().size(),
                    "no client received anything for those messages");

            long next = writer.setStatus("api", Status.DEGRADED, null).version();
            for (StreamRecorder recorder : clients) {
                recorder.awaitVersion(next, Duration.ofSeconds(2));
                assertEquals("degraded", recorder.lastSnapshot().get("statusLabel").asText());
                assertEquals(1, recorder.connections());
                assertTrue(recorder.connected());
            }
        } finally {
            clients.forEach(StreamRecorder::close);
        }
    }
}
