package dev.statusstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.internal.Json;
import dev.statusstream.internal.LocalAdminToken;
import dev.statusstream.server.testing.NodeProcess;
import dev.statusstream.server.testing.ProcessClassesTakeTurns;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zero-setup server keeps its data: what was written to the embedded PostgreSQL is there after
 * the server is stopped (SIGTERM) and started again on the same {@code STATUS_DATA_DIR}, and so is its
 * generated admin token.
 */
@ExtendWith(ProcessClassesTakeTurns.class)
class EmbeddedDatabaseRestartTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dataDirectory;

    @Test
    void a_service_written_to_the_embedded_database_is_read_back_after_a_restart_on_the_same_data_directory() throws Exception {
        Map<String, String> settings = Map.of("STATUS_DATA_DIR", dataDirectory.toString());
        long written;
        String token;
        try (NodeProcess first = NodeProcess.start("embedded-restart-1", settings)) {
            assertTrue(Files.readString(first.log()).contains("starting the embedded PostgreSQL in " + dataDirectory),
                    "it runs the embedded database, in the given directory");
            token = LocalAdminToken.read(dataDirectory).orElseThrow();
            HttpResponse<String> added = post(first, token, "/api/admin/services",
                    "{\"id\":\"api\",\"label\":{\"en\":\"Public API\"},\"category\":\"Platform\"}");
            assertEquals(201, added.statusCode(), added.body());
            written = Json.mapper().readTree(added.body()).get("version").asLong();
            assertEquals(written, first.version());
        }
        assertTrue(Files.isDirectory(dataDirectory.resolve("postgres")), "the database files stay in the data directory");

        try (NodeProcess second = NodeProcess.start("embedded-restart-2", settings)) {
            assertEquals(token, LocalAdminToken.read(dataDirectory).orElseThrow(), "the generated token is kept");
            assertEquals(written, second.version(), "the version carries on where it stopped");
            JsonNode services = Json.mapper().readTree(second.get("/api/status").body()).get("services");
            assertEquals(1, services.size(), services.toString());
            assertEquals("api", services.get(0).get("id").asText());
            assertEquals("Public API", services.get(0).get("label").get("en").asText());
            assertEquals("Platform", services.get(0).get("category").asText());

            HttpResponse<String> set = put(second, token, "/api/admin/services/api/status", "{\"status\":\"degraded\"}");
            assertEquals(200, set.statusCode(), "the kept token still opens the admin API: " + set.body());
            assertEquals(written + 1, Json.mapper().readTree(set.body()).get("version").asLong());
        }
    }

    private static HttpResponse<String> post(NodeProcess node, String token, String path, String json) throws Exception {
        return send(node, token, path, "POST", json);
    }

    private static HttpResponse<String> put(NodeProcess node, String token, String path, String json) throws Exception {
        return send(node, token, path, "PUT", json);
    }

    private static HttpResponse<String> send(NodeProcess node, String token, String path, String method, String json)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.url(path))).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
