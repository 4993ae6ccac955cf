package dev.statusstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.ValidationException;
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
                config.maxStreamsPerIp(), config.dataDirectory(), config.site(), config.proxies()), withTokens);
    }

    @Test
    void unknown_flags_and_missing_values_are_rejected() {
        assertEquals("--prot", assertThrows(ValidationException.class,
                () -> ServerConfig.from(Map.of(), new String[] {"--prot", "1"})).field());
        assertEquals("--port", assertThrows(ValidationException.class,
                () -> ServerConfig.from(Map.of(), new String[] {"--port"})).field());
    }
}
