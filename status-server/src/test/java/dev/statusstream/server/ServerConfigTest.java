package dev.statusstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.ValidationException;
import dev.statusstream.server.api.PublicSite;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerConfigTest {

    @Test
    void defaults_follow_the_spec() {
        ServerConfig config = ServerConfig.from(Map.of(), new String[0]);
        assertEquals(8080, config.port());
        assertFalse(config.origins().production());
        assertEquals(Duration.ofSeconds(30), config.heartbeat());
        assertEquals(Duration.ofSeconds(60), config.library().cacheTtl());
        assertEquals("en", config.library().defaultLanguage());
        assertEquals(1000, config.maxStreamsPerIp());
        assertFalse(config.adminEnabled());
        assertEquals(null, config.library().databaseUrl());
    }

    @Test
    void flags_override_environment_variables() {
        ServerConfig config = ServerConfig.from(Map.of("STATUS_PORT", "9000", "STATUS_HEARTBEAT", "10s"),
                new String[] {"--port", "9100", "--mode=production", "--allowed-origins", "https://a.example, https://b.example"});
        assertEquals(9100, config.port());
        assertTrue(config.origins().production());
        assertEquals(Duration.ofSeconds(10), config.heartbeat());
        assertEquals(2, config.origins().allowed().size());
    }

    @ParameterizedTest(name = "{0}={1} is rejected naming {0}")
    @CsvSource(delimiter = '|', value = {
        "STATUS_PORT             | http",
        "STATUS_PORT             | 70000",
        "STATUS_MODE             | staging",
        "STATUS_HEARTBEAT        | 30",
        "STATUS_HEARTBEAT        | 5ms",
        "STATUS_CACHE_TTL        | soon",
        "STATUS_CACHE_TTL        | 0s",
        "STATUS_DATABASE_URL     | mysql://db/status",
        "STATUS_REDIS_URL        | localhost:6379",
        "STATUS_ALLOWED_ORIGINS  | https://status.example.com/",
        "STATUS_ADMIN_TOKEN      | short",
        "STATUS_DEFAULT_LANGUAGE | english!",
        "STATUS_MAX_STREAMS_PER_IP | 0",
    })
    void bad_settings_fail_naming_the_setting(String setting, String value) {
        var e = assertThrows(ValidationException.class, () -> ServerConfig.from(Map.of(setting, value), new String[0]));
        assertEquals(setting, e.field(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void adding_admin_tokens_keeps_every_other_setting() {
        ServerConfig config = ServerConfig.from(Map.of("STATUS_PAGE_NAME", "Acme Status",
                "STATUS_PUBLIC_URL", "https://status.acme.test", "STATUS_TRUSTED_PROXIES", "10.0.0.1",
                "STATUS_HEARTBEAT", "15s"), new String[0]);
        ServerConfig withTokens = config.withAdminTokens(java.util.List.of("a-generated-token-0123456789"));
        assertEquals(java.util.List.of("a-generated-token-0123456789"), withTokens.adminTokens());
        assertEquals(config.site(), withTokens.site());
        assertEquals(config.proxies(), withTokens.proxies());
        assertEquals(config.heartbeat(), withTokens.heartbeat());
        assertEquals(new ServerConfig(config.library(), config.host(), config.port(), config.origins(),
                withTokens.adminTokens(), config.heartbeat(), config.slowClientLimit(), config.maxStreams(),
                config.maxStreamsPerIp(), config.dataDirectory(), config.site(), config.proxies(),
                config.requestHeaderTimeout(), config.delivery()), withTokens);
    }

    @Test
    void blank_variables_mean_the_default_and_values_are_stripped_as_in_the_cli() {
        ServerConfig config = ServerConfig.from(Map.of("STATUS_REDIS_PREFIX", "", "STATUS_DATA_DIR", " ",
                "STATUS_DEFAULT_LANGUAGE", " ja ", "STATUS_RECENT_INCIDENTS", " 1m"), new String[0]);
        assertEquals("status", config.library().redisPrefix());
        assertEquals(java.nio.file.Path.of("status-data"), config.dataDirectory());
        assertEquals("ja", config.library().defaultLanguage());
        assertEquals(Duration.ofMinutes(1), config.library().recentIncidents());
    }

    @Test
    void an_unknown_status_variable_is_warned_about_naming_the_closest_setting() {
        var env = new java.util.HashMap<String, String>();
        env.put("STATUS_ADMIN_TOKENS", "a-token-meant-for-the-admin-api");
        env.put("STATUS_ALLOWED_ORIGIN", "https://a.example");
        env.put("STATUS_PORT", "9000");
        env.put("STATUS_TEST_DATABASE_URL", "jdbc:postgresql://localhost/postgres");
        env.put("STATUS_CLI_JAVA_OPTS", "-Xmx64m");
        env.put("HOME", "/root");
        assertEquals(java.util.List.of(
                "STATUS_ADMIN_TOKENS is not a setting and is ignored (did you mean STATUS_ADMIN_TOKEN?)",
                "STATUS_ALLOWED_ORIGIN is not a setting and is ignored (did you mean STATUS_ALLOWED_ORIGINS?)"),
                ServerConfig.unknownVariables(env));
        assertFalse(ServerConfig.from(env, new String[0]).adminEnabled(), "ignored, as the warning says");
    }

    @Test
    void the_connection_file_carries_the_library_settings_and_the_address_public_site_would_give() throws Exception {
        ServerConfig config = ServerConfig.from(Map.of("STATUS_HOST", "::", "STATUS_DEFAULT_LANGUAGE", "ja",
                "STATUS_REDIS_URL", "redis://:pw@127.0.0.1:6379", "STATUS_CACHE_TTL", "10m", "STATUS_RECENT_INCIDENTS", "2d",
                "STATUS_REDIS_PREFIX", "acme"), new String[0]);
        var library = config.library().withDatabaseUrl("jdbc:postgresql://localhost:5433/postgres?user=postgres");
        var local = Main.localConnection(library, config.host(), 8123);
        assertEquals("http://localhost:8123", local.serverUrl(), "'::' is every address: this machine is localhost");
        assertEquals(PublicSite.defaultUrl("::1", 8123), Main.localConnection(library, "::1", 8123).serverUrl());
        assertEquals("ja", local.settings().get("STATUS_DEFAULT_LANGUAGE"));
        assertEquals("10m", local.settings().get("STATUS_CACHE_TTL"));
        assertEquals("2d", local.settings().get("STATUS_RECENT_INCIDENTS"));
        assertEquals("acme", local.settings().get("STATUS_REDIS_PREFIX"));
        assertEquals("redis://:pw@127.0.0.1:6379", local.settings().get("STATUS_REDIS_URL"));
        assertEquals(library, dev.statusstream.StatusStreamConfig.fromEnvironment(local.settings()), "the CLI reads back the same");
    }

    @Test
    void every_setting_is_in_the_help_and_the_readme_and_the_help_says_what_recent_incidents_bounds() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("../README.md"));
        for (String setting : ServerConfig.SETTINGS) {
            assertTrue(Usage.TEXT.contains("  " + setting + " "), setting + " in --help");
            assertTrue(readme.contains("| `" + setting + "` |"), setting + " in the README's table");
        }
        String line = Usage.TEXT.lines().filter(l -> l.contains("STATUS_RECENT_INCIDENTS")).findFirst().orElseThrow();
        assertTrue(line.contains("in the snapshot") && !line.contains("on the page"), line);
        assertTrue(Usage.TEXT.contains("the page lists " + dev.statusstream.server.page.PageHistory.PAST_DAYS + " days"), Usage.TEXT);
    }

    @Test
    void unknown_flags_and_missing_values_are_rejected() {
        assertEquals("--prot", assertThrows(ValidationException.class,
                () -> ServerConfig.from(Map.of(), new String[] {"--prot", "1"})).field());
        assertEquals("--port", assertThrows(ValidationException.class,
                () -> ServerConfig.from(Map.of(), new String[] {"--port"})).field());
    }

    @Test
    void production_over_plain_http_on_another_host_is_warned_about_once_at_start_up() {
        for (String url : new String[] {null, "http://status.example.com", "HTTP://status.example.com:8080/status", "http://10.0.0.5"}) {
            var warning = ServerConfig.plainHttpWarning(true, url);
            assertTrue(warning.isPresent(), String.valueOf(url));
            assertTrue(warning.get().startsWith("production mode needs HTTPS in front"), warning.get());
            assertTrue(warning.get().contains("Sec-Fetch-Site"), warning.get());
        }
        for (String url : new String[] {"https://status.example.com", "http://localhost:8080", "http://127.0.0.1", "http://[::1]:8080",
            "http://LOCALHOST"}) {
            assertTrue(ServerConfig.plainHttpWarning(true, url).isEmpty(), url);
        }
        assertTrue(ServerConfig.plainHttpWarning(false, null).isEmpty(), "development mode accepts streams without headers");
        assertTrue(ServerConfig.plainHttpWarning(false, "http://status.example.com").isEmpty());
        assertTrue(ServerConfig.plainHttpWarning(Map.of("STATUS_MODE", "production"), new String[0]).isPresent(), "unset");
        assertTrue(ServerConfig.plainHttpWarning(Map.of("STATUS_MODE", "production"),
                new String[] {"--public-url", "https://status.example.com"}).isEmpty(), "a flag counts like the variable");
        assertTrue(ServerConfig.plainHttpWarning(Map.of("STATUS_PUBLIC_URL", "http://status.example.com"), new String[0]).isEmpty());
    }

    @ParameterizedTest(name = "{0} {1} is refused")
    @CsvSource(delimiter = ' ', value = {
            "--admin-token a-real-looking-token-0123456789",
            "--database-url postgres://status:s3cret@db.internal:5432/status",
            "--database-url jdbc:postgresql://db.internal/status?user=status&password=s3cret",
            "--database-url jdbc:postgresql://db.internal/status?user=status&PASSWORD=s3cret",
            "--redis-url redis://:s3cret@cache.internal:6379",
            "--redis-url rediss://default:s3cret@cache.internal:6379",
            "--redis-url redis://s3cret@cache.internal:6379"})
    void secrets_are_refused_as_flags_naming_the_flag_and_where_they_belong_without_echoing_them(String flag, String value) {
        for (String[] args : java.util.List.of(new String[] {flag, value}, new String[] {flag + "=" + value})) {
            var e = assertThrows(ValidationException.class, () -> ServerConfig.from(Map.of(), args));
            assertEquals(flag, e.field());
            assertTrue(e.getMessage().contains("STATUS_"), e.getMessage());
            assertFalse(e.getMessage().contains("s3cret") || e.getMessage().contains(value), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
    }

    @Test
    void urls_without_a_password_are_fine_as_flags() {
        ServerConfig config = ServerConfig.from(Map.of(), new String[] {"--database-url",
                "jdbc:postgresql://db.internal/status?user=status", "--redis-url", "redis://cache.internal:6379"});
        assertEquals("redis://cache.internal:6379", config.library().redisUrl());
        assertEquals("jdbc:postgresql://db.internal/status?user=status", config.library().databaseUrl());
        assertFalse(Settings.carriesPassword("jdbc:postgresql://db.internal/status?user=status&sslmode=require"));
        assertFalse(Settings.carriesPassword("postgres://status:@db.internal/status"));
        assertTrue(Settings.carriesPassword("postgres://status:pw@db.internal/status"));
    }

    @Test
    void admin_tokens_can_come_from_a_file_named_by_a_variable_or_a_flag() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("admin-token", "");
        try {
            java.nio.file.Files.writeString(file, "first-token-0123456789abcdef\nsecond-token-0123456789abcdef,\n");
            assertEquals(java.util.List.of("first-token-0123456789abcdef", "second-token-0123456789abcdef"),
                    ServerConfig.from(Map.of("STATUS_ADMIN_TOKEN_FILE", file.toString()), new String[0]).adminTokens());
            assertEquals(2, ServerConfig.from(Map.of(), new String[] {"--admin-token-file", file.toString()}).adminTokens().size());
            assertEquals("STATUS_ADMIN_TOKEN_FILE", assertThrows(ValidationException.class, () -> ServerConfig.from(
                    Map.of("STATUS_ADMIN_TOKEN_FILE", file.toString(), "STATUS_ADMIN_TOKEN", "third-token-0123456789abcdef"),
                    new String[0])).field(), "never both");
            assertEquals("STATUS_ADMIN_TOKEN_FILE", assertThrows(ValidationException.class, () -> ServerConfig.from(
                    Map.of("STATUS_ADMIN_TOKEN_FILE", file + ".missing"), new String[0])).field());
            java.nio.file.Files.writeString(file, "\n \n");
            assertEquals("STATUS_ADMIN_TOKEN_FILE", assertThrows(ValidationException.class, () -> ServerConfig.from(
                    Map.of("STATUS_ADMIN_TOKEN_FILE", file.toString()), new String[0])).field(), "an empty file is a mistake");
        } finally {
            java.nio.file.Files.delete(file);
        }
    }
}
