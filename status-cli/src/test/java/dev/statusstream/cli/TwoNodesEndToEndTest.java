package dev.statusstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.internal.Json;
import dev.statusstream.server.testing.SseClient;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import dev.statusstream.testing.Waiting;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole product, thin: two server nodes on one PostgreSQL and one Redis, an SSE client on each,
 * and changes made through the CLI's own code path reach both within a second.
 */
class TwoNodesEndToEndTest {
    private Map<String, String> env;
    private TestNode first;
    private TestNode second;

    @BeforeEach
    void start() {
        env = Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(), "STATUS_REDIS_URL", TestServices.redisUrl(),
                "STATUS_REDIS_PREFIX", TestServices.newRedisPrefix());
        first = TestNode.start(env);
        second = TestNode.start(env);
    }

    @AfterEach
    void stop() {
        second.close();
        first.close();
    }

    private String cli(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Cli.create(env, new PrintWriter(out), new PrintWriter(err)).run(args);
        assertEquals(0, code, "status " + String.join(" ", args) + " failed: " + err);
        return out.toString().strip();
    }

    @Test
    void a_cli_change_reaches_streams_on_both_nodes_within_a_second() throws Exception {
        cli("service", "add", "api", "--label", "Public API", "--label", "ja=公開API");
        // each node hears of it a moment after the CLI returns (Redis or NOTIFY); start from the same version
        Waiting.until(Duration.ofSeconds(3), "both nodes to have the new service", () -> first.status().snapshot().version() > 0
                && first.status().snapshot().version() == second.status().snapshot().version());
        try (SseClient one = SseClient.open(first.url("/api/status/stream"));
             SseClient two = SseClient.open(second.url("/api/status/stream"))) {
            long before = Long.parseLong(one.expect(Duration.ofSeconds(3)).id());
            assertEquals(before, Long.parseLong(two.expect(Duration.ofSeconds(3)).id()));

            long start = System.nanoTime();
            cli("service", "set", "api", "outage", "--summary", "Requests fail");
            for (SseClient client : new SseClient[] {one, two}) {
                SseClient.Event event = client.expect(Duration.ofSeconds(1));
                long version = Long.parseLong(event.id());
                assertTrue(version > before, "version " + version + " after " + before);
                JsonNode snapshot = Json.mapper().readTree(event.data());
                assertEquals("outage", snapshot.get("statusLabel").asText());
                assertEquals("Requests fail", snapshot.get("services").get(0).get("statusSummary").get("en").asText());
            }
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos(), "both saw it within a second");

            String slug = cli("incident", "open", "--title", "API down", "--impact", "outage", "--services", "api",
                    "--body", "Investigating");
            assertTrue(slug.matches("\\d{4}-\\d{2}-\\d{2}-api-down"), slug);
            for (SseClient client : new SseClient[] {one, two}) {
                JsonNode snapshot = Json.mapper().readTree(client.expect(Duration.ofSeconds(1)).data());
                assertEquals(slug, snapshot.get("incidents").get(0).get("slug").asText());
            }
            cli("incident", "update", slug, "--state", "identified", "--body", "Bad deploy");
            cli("incident", "resolve", slug, "--body", "Rolled back");
            for (SseClient client : new SseClient[] {one, two}) {
                client.expect(Duration.ofSeconds(1));
                JsonNode last = Json.mapper().readTree(client.expect(Duration.ofSeconds(1)).data());
                assertEquals("resolved", last.get("incidents").get(0).get("state").asText());
                assertEquals(3, last.get("incidents").get(0).get("updates").size());
            }
        }
        String list = cli("list");
        assertTrue(list.contains("api") && list.contains("outage"), list);
        JsonNode json = Json.mapper().readTree(cli("list", "--json"));
        assertEquals("outage", json.get("statusLabel").asText());
    }
}
