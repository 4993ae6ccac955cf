package dev.statusstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one reader of {@code STATUS_*} settings that the server, the CLI and embedding applications share. */
class EnvironmentSettingsTest {

    @Test
    void every_library_setting_is_read_from_its_variable() {
        StatusStreamConfig config = StatusStreamConfig.fromEnvironment(Map.of(
                "STATUS_DATABASE_URL", "postgres://u:p@db.example:5432/status",
                "STATUS_REDIS_URL", "redis://cache.example:6379",
                "STATUS_DEFAULT_LANGUAGE", "JA",
                "STATUS_CACHE_TTL", "10m",
                "STATUS_RECENT_INCIDENTS", "1h",
                "STATUS_REDIS_PREFIX", "shop-status",
                "STATUS_RESYNC_INTERVAL", "500ms",
                "STATUS_ALLOW_PRIVATE_TARGETS", "TRUE"));
        assertEquals("postgres://u:p@db.example:5432/status", config.databaseUrl());
        assertEquals("redis://cache.example:6379", config.redisUrl());
        assertEquals("ja", config.defaultLanguage());
        assertEquals(Duration.ofMinutes(10), config.cacheTtl());
        assertEquals(Duration.ofHours(1), config.recentIncidents());
        assertEquals("shop-status", config.redisPrefix());
        assertEquals(Duration.ofMillis(500), config.resyncInterval());
        assertTrue(config.allowPrivateTargets());
        assertFalse(StatusStreamConfig.defaults().allowPrivateTargets(), "private targets are refused unless asked for");
    }

    @Test
    void values_are_stripped_and_blank_values_count_as_unset() {
        var env = new HashMap<String, String>();
        env.put("STATUS_REDIS_PREFIX", "");
        env.put("STATUS_REDIS_URL", "   ");
        env.put("STATUS_DEFAULT_LANGUAGE", " ja ");
        env.put("STATUS_CACHE_TTL", "\t90s\n");
        env.put("PATH", "/usr/bin");
        StatusStreamConfig config = StatusStreamConfig.fromEnvironment(env);
        assertEquals("status", config.redisPrefix(), "blank: the default");
        assertNull(config.redisUrl());
        assertEquals("ja", config.defaultLanguage());
        assertEquals(Duration.ofSeconds(90), config.cacheTtl());
        assertEquals(StatusStreamConfig.defaults().withDefaultLanguage("ja").withCacheTtl(Duration.ofSeconds(90)), config);

        StatusStreamConfig prefixed = StatusStreamConfig.fromEnvironment(Map.of("STATUS_REDIS_PREFIX", " review-seams "));
        assertEquals("review-seams", prefixed.redisPrefix());
    }

    @ParameterizedTest(name = "{0}={1} is rejected naming {0}")
    @CsvSource(delimiter = '|', value = {
        "STATUS_DATABASE_URL     | mysql://db/status",
        "STATUS_REDIS_URL        | localhost:6379",
        "STATUS_DEFAULT_LANGUAGE | english!",
        "STATUS_CACHE_TTL        | soon",
        "STATUS_CACHE_TTL        | 0s",
        "STATUS_RECENT_INCIDENTS | 30s",
        "STATUS_RECENT_INCIDENTS | 7",
        "STATUS_REDIS_PREFIX     | has space",
        "STATUS_RESYNC_INTERVAL  | 1ms",
        "STATUS_ALLOW_PRIVATE_TARGETS | yes",
    })
    void a_bad_value_fails_in_one_line_naming_its_variable(String variable, String value) {
        var e = assertThrows(ValidationException.class, () -> StatusStreamConfig.fromEnvironment(Map.of(variable, value)));
        assertEquals(variable, e.field(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void a_configuration_written_as_variables_reads_back_the_same() {
        StatusStreamConfig config = StatusStreamConfig.defaults().withDatabaseUrl("jdbc:postgresql://localhost:5432/postgres?user=postgres")
                .withRedisUrl("redis://:secret@localhost:6379").withDefaultLanguage("ja").withCacheTtl(Duration.ofMillis(90_500))
                .withRecentIncidents(Duration.ofDays(2)).withRedisPrefix("x:y").withResyncInterval(Duration.ofMinutes(90))
                .withAllowPrivateTargets(true);
        Map<String, String> variables = EnvironmentSettings.variables(config);
        assertEquals(EnvironmentSettings.LIBRARY_SETTINGS, List.copyOf(variables.keySet()));
        assertEquals("90500ms", variables.get("STATUS_CACHE_TTL"));
        assertEquals("2d", variables.get("STATUS_RECENT_INCIDENTS"));
        assertEquals("90m", variables.get("STATUS_RESYNC_INTERVAL"));
        assertEquals(config, StatusStreamConfig.fromEnvironment(variables));
        assertFalse(EnvironmentSettings.variables(StatusStreamConfig.defaults()).containsKey("STATUS_REDIS_URL"), "unset URLs are left out");
    }

    @Test
    void the_environment_wins_over_settings_handed_over_and_blank_variables_do_not_hide_them() {
        Map<String, String> handedOver = Map.of("STATUS_DEFAULT_LANGUAGE", "ja", "STATUS_CACHE_TTL", "10m",
                "STATUS_REDIS_PREFIX", "from-server");
        StatusStreamConfig config = EnvironmentSettings.of(Map.of("STATUS_CACHE_TTL", "2m", "STATUS_REDIS_PREFIX", " "))
                .orElse(handedOver).library();
        assertEquals(Duration.ofMinutes(2), config.cacheTtl());
        assertEquals("ja", config.defaultLanguage());
        assertEquals("from-server", config.redisPrefix());
    }

    @Test
    void the_other_readers_follow_the_same_rules() {
        EnvironmentSettings s = EnvironmentSettings.of(Map.of("STATUS_PORT", " 9090 ", "STATUS_MODE", "Production",
                "STATUS_ALLOWED_ORIGINS", " https://a.example, ,https://b.example ", "STATUS_HEARTBEAT", "", "OTHER", "x"));
        assertEquals(9090, s.integer("STATUS_PORT", 8080, 0, 65535));
        assertEquals("production", s.choice("STATUS_MODE", "development", List.of("development", "production")));
        assertEquals(List.of("https://a.example", "https://b.example"), s.list("STATUS_ALLOWED_ORIGINS"));
        assertEquals(Duration.ofSeconds(30), s.duration("STATUS_HEARTBEAT", Duration.ofSeconds(30)));
        assertFalse(s.isSet("STATUS_HEARTBEAT"));
        assertFalse(EnvironmentSettings.of(Map.of("OTHER", "x")).isSet("OTHER"), "only STATUS_* variables are settings");
        assertEquals("STATUS_PORT", assertThrows(ValidationException.class,
                () -> EnvironmentSettings.of(Map.of("STATUS_PORT", "http")).integer("STATUS_PORT", 1, 0, 9)).field());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "2M, PT2M", "1h, PT1H", "7d, PT168H", "' 5s ', PT5S"})
    void durations_have_one_grammar(String text, Duration expected) {
        assertEquals(expected, EnvironmentSettings.parseDuration("x", text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"30", "+10m", "1.5s", "1w", "-5s", "''"})
    void anything_else_is_not_a_duration(String text) {
        var e = assertThrows(ValidationException.class, () -> EnvironmentSettings.parseDuration("STATUS_HEARTBEAT", text));
        assertEquals("STATUS_HEARTBEAT", e.field());
    }
}
