package dev.statusstream.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.statusstream.ValidationException;
import dev.statusstream.server.testing.RawStream;
import dev.statusstream.server.testing.SseClient;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {
    private static final TrustedProxies PROXIES = TrustedProxies.of(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));

    @Test
    void a_trusted_proxy_names_the_client_and_nobody_else_does() {
        assertEquals("203.0.113.9", PROXIES.clientAddress("10.1.2.3", "203.0.113.9"));
        assertEquals("203.0.113.9", PROXIES.clientAddress("192.168.1.7", "198.51.100.1, 203.0.113.9, 10.9.9.9"),
                "the last hop that is not a proxy: earlier ones may be forged");
        assertEquals("198.51.100.5", PROXIES.clientAddress("198.51.100.5", "203.0.113.9"), "not from a proxy: ignored");
        assertEquals("192.168.1.8", PROXIES.clientAddress("192.168.1.8", "203.0.113.9"));
        assertEquals("2001:db8::1", PROXIES.clientAddress("fd12::1", "2001:db8::1"));
        assertEquals("10.1.2.3", PROXIES.clientAddress("10.1.2.3", "evil.example.com"), "a name is not an address");
        assertEquals("10.1.2.3", PROXIES.clientAddress("10.1.2.3", null));
        assertEquals("203.0.113.9", TrustedProxies.of(List.of()).clientAddress("203.0.113.9", "1.2.3.4"), "none configured");
    }

    @ParameterizedTest(name = "{0} is rejected")
    @ValueSource(strings = {"proxy.internal", "10.0.0.0/33", "10.0.0/8", "300.1.1.1", "10.0.0.0/x", "::1/129"})
    void a_bad_entry_fails_naming_the_setting(String entry) {
        var e = assertThrows(ValidationException.class, () -> TrustedProxies.of(List.of(entry)));
        assertEquals("STATUS_TRUSTED_PROXIES", e.field());
    }

    @Test
    void the_per_address_stream_limit_counts_clients_behind_a_trusted_proxy() throws Exception {
        String database = TestServices.newMigratedDatabase();
        try (TestNode behindProxy = TestNode.start(Map.of("STATUS_DATABASE_URL", database,
                "STATUS_TRUSTED_PROXIES", "127.0.0.1", "STATUS_MAX_STREAMS_PER_IP", "1"));
             TestNode direct = TestNode.start(Map.of("STATUS_DATABASE_URL", database, "STATUS_MAX_STREAMS_PER_IP", "1"))) {
            String url = behindProxy.url("/api/status/stream");
            try (SseClient a = SseClient.open(url, "X-Forwarded-For", "203.0.113.1");
                 SseClient b = SseClient.open(url, "X-Forwarded-For", "203.0.113.2");
                 SseClient again = SseClient.open(url, "X-Forwarded-For", "203.0.113.1")) {
                assertEquals(200, a.status());
                a.expect(Duration.ofSeconds(3));
                assertEquals(200, b.status(), "another client behind the same proxy");
                assertEquals(429, again.status(), "the same client twice");
            }
            String other = direct.url("/api/status/stream");
            try (SseClient a = SseClient.open(other, "X-Forwarded-For", "203.0.113.1");
                 SseClient forged = SseClient.open(other, "X-Forwarded-For", "203.0.113.2")) {
                assertEquals(200, a.status());
                assertEquals(429, forged.status(), "without trusted proxies the header is not believed");
            }
        }
    }

    @Test
    void every_forwarded_for_line_counts_so_a_client_cannot_forge_its_address_ahead_of_the_proxys_line() throws Exception {
        try (TestNode node = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(),
                "STATUS_TRUSTED_PROXIES", "127.0.0.1", "STATUS_MAX_STREAMS_PER_IP", "1"))) {
            // a proxy that appends its own line after the client's: the client's lines are forged
            try (RawStream first = RawStream.connect(node.port(), "/api/status/stream", 0,
                    "X-Forwarded-For", "203.0.113.1", "X-Forwarded-For", "198.51.100.7").readHead();
                 RawStream second = RawStream.connect(node.port(), "/api/status/stream", 0,
                    "X-Forwarded-For", "203.0.113.2", "X-Forwarded-For", "198.51.100.7").readHead()) {
                assertEquals(200, first.status());
                assertEquals(429, second.status(), "both come from 198.51.100.7, whatever their first line says");
            }
        }
    }

    @Test
    void addresses_match_ranges_of_both_families_and_lines_are_walked_from_the_right() {
        var proxies = TrustedProxies.of(List.of("10.0.0.0/8", "::1", "2001:db8::/32"));
        assertEquals("203.0.113.9", proxies.clientAddress("0:0:0:0:0:0:0:1", "203.0.113.9,10.1.1.1, 2001:db8::5"));
        assertEquals("2001:db9::5", proxies.clientAddress("10.255.255.255", "203.0.113.9, 2001:db9::5"));
        assertEquals("11.0.0.1", proxies.clientAddress("11.0.0.1", "203.0.113.9"), "outside 10.0.0.0/8");
    }
}
