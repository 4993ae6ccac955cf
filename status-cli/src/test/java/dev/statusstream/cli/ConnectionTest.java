package dev.statusstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.EnvironmentSettings;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.ValidationException;
import dev.statusstream.internal.LocalConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Direct mode's settings and the local token's destination, without any network. */
class ConnectionTest {
    private static final String DATABASE = "jdbc:postgresql://127.0.0.1:5432/status?user=postgres";
    @TempDir
    Path dataDirectory;

    @Test
    void direct_mode_reads_every_library_setting_by_the_servers_rules() {
        var env = new HashMap<String, String>();
        env.put("STATUS_DATABASE_URL", " " + DATABASE + " ");
        env.put("STATUS_REDIS_PREFIX", "");
        env.put("STATUS_REDIS_URL", " ");
        env.put("STATUS_RECENT_INCIDENTS", "1m");
        env.put("STATUS_CACHE_TTL", "10m");
        env.put("STATUS_DEFAULT_LANGUAGE", " ja");
        StatusStreamConfig config = Connection.directConfig(env);
        assertEquals(DATABASE, config.databaseUrl());
        assertEquals("status", config.redisPrefix(), "blank is unset, as for the server");
        assertEquals(null, config.redisUrl());
        assertEquals(Duration.ofMinutes(1), config.recentIncidents());
        assertEquals(Duration.ofMinutes(10), config.cacheTtl());
        assertEquals("ja", config.defaultLanguage());
        assertEquals(StatusStreamConfig.fromEnvironment(env).withDatabasePoolSize(2), config, "the same reader as the server's");

        assertEquals("review-seams", Connection.directConfig(Map.of("STATUS_DATABASE_URL", DATABASE,
                "STATUS_REDIS_PREFIX", " review-seams")).redisPrefix());
        var e = assertThrows(ValidationException.class, () -> Connection.directConfig(Map.of("STATUS_DATABASE_URL", DATABASE,
                "STATUS_CACHE_TTL", "10 minutes")));
        assertEquals("STATUS_CACHE_TTL", e.field());
    }

    @Test
    void without_a_database_url_it_writes_with_the_settings_the_local_server_left_and_its_own_variables_win() throws Exception {
        StatusStreamConfig server = StatusStreamConfig.defaults().withDatabaseUrl(DATABASE).withRedisUrl("redis://127.0.0.1:6379")
                .withDefaultLanguage("ja").withRecentIncidents(Duration.ofDays(2)).withCacheTtl(Duration.ofMinutes(10))
                .withRedisPrefix("acme");
        new LocalConnection("http://localhost:8080", EnvironmentSettings.variables(server)).write(dataDirectory);

        // " " for the data directory would be the current directory if blank did not mean unset
        StatusStreamConfig cli = Connection.directConfig(Map.of("STATUS_DATA_DIR", " " + dataDirectory + " ",
                "STATUS_REDIS_PREFIX", ""));
        assertEquals(server.withDatabasePoolSize(2), cli);

        StatusStreamConfig overridden = Connection.directConfig(Map.of("STATUS_DATA_DIR", dataDirectory.toString(),
                "STATUS_CACHE_TTL", "2m"));
        assertEquals(Duration.ofMinutes(2), overridden.cacheTtl());
        assertEquals("ja", overridden.defaultLanguage());

        StatusStreamConfig elsewhere = Connection.directConfig(Map.of("STATUS_DATA_DIR", dataDirectory.toString(),
                "STATUS_DATABASE_URL", "jdbc:postgresql://db.example/other"));
        assertEquals("en", elsewhere.defaultLanguage(), "another database: the local server's settings are not its");
    }

    @Test
    void without_a_database_url_or_a_connection_file_it_says_what_to_set() {
        var e = assertThrows(ValidationException.class, () -> Connection.directConfig(Map.of("STATUS_DATA_DIR", dataDirectory.toString())));
        assertEquals("STATUS_DATABASE_URL", e.field());
        assertTrue(e.getMessage().contains(dataDirectory.toAbsolutePath().toString()), e.getMessage());
    }

    @ParameterizedTest(name = "{0} and {1}: {2}")
    @CsvSource({
        "http://localhost:8080,       http://localhost:8080,      true",
        "http://127.0.0.1:8080,       http://localhost:8080,      true",
        "http://[::1]:8080/,          http://localhost:8080,      true",
        "http://LOCALHOST:8080,       http://127.0.0.1:8080,      true",
        "http://localhost,            http://localhost:80,        true",
        "http://localhost:8081,       http://localhost:8080,      false",
        "https://localhost:8080,      http://localhost:8080,      false",
        "http://status.example:8080,  http://localhost:8080,      false",
        "http://192.168.1.5:8080,     http://192.168.1.5:8080,    true",
        "http://10.0.0.1:8080,        http://192.168.1.5:8080,    false",
    })
    void the_local_token_goes_only_to_the_server_at_the_address_beside_it(String server, String written, boolean same) {
        assertEquals(same, Connection.sameServer(URI.create(server), URI.create(written)));
    }

    @Test
    void a_local_token_is_not_sent_to_another_port_on_this_machine() throws Exception {
        new LocalConnection("http://localhost:8080", Map.of("STATUS_DATABASE_URL", DATABASE)).write(dataDirectory);
        java.nio.file.Files.writeString(dataDirectory.resolve("admin-token"), "generated-token-0123456789\n");
        Map<String, String> env = Map.of("STATUS_DATA_DIR", dataDirectory.toString());
        assertEquals("generated-token-0123456789",
                Connection.adminToken(env, null, URI.create("http://127.0.0.1:8080"), w -> { }));
        var e = assertThrows(ValidationException.class,
                () -> Connection.adminToken(env, null, URI.create("http://127.0.0.1:9090"), w -> { }));
        assertEquals("STATUS_ADMIN_TOKEN", e.field());
        assertTrue(e.getMessage().endsWith("admin-token is only for the server that generated it, http://localhost:8080)"),
                e.getMessage());
        assertFalse(e.getMessage().contains("generated-token"));
    }
}
