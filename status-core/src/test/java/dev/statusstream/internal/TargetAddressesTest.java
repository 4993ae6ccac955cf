package dev.statusstream.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.ValidationException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The guard that keeps webhooks and checks from calling into the machine or its network. */
class TargetAddressesTest {

    /** A resolver that knows a few names, as a DNS server an attacker controls would answer them. */
    private static final TargetAddresses.Resolver NAMES = host -> {
        Map<String, List<String>> names = Map.of(
                "hooks.example.com", List.of("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"),
                "rebind.example.com", List.of("93.184.215.14", "10.0.0.5"),
                "metadata.google.internal", List.of("169.254.169.254"),
                "local.example.com", List.of("127.0.0.1"));
        List<String> addresses = names.get(host);
        if (addresses == null) {
            // literals resolve to themselves without a lookup
            if (host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
        InetAddress[] result = new InetAddress[addresses.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = InetAddress.getByName(addresses.get(i));
        }
        return result;
    };

    private final TargetAddresses guard = new TargetAddresses(false, NAMES);

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {
        "127.0.0.1", "127.1.2.3", "0.0.0.0", "0.1.2.3", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "169.254.169.254", "169.254.1.1", "100.64.0.1", "100.100.100.200", "224.0.0.1", "255.255.255.255",
        "240.0.0.1", "198.18.0.1", "192.0.2.1",
        "::", "::1", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1", "fec0::1", "2001:db8::1",
        "::127.0.0.1", "64:ff9b::a00:1", "2002:a00:1::1", "2002:7f00:1::1"})
    void an_internal_address_is_refused(String literal) throws Exception {
        assertTrue(TargetAddresses.isRefused(InetAddress.getByName(literal)), literal);
    }

    @ParameterizedTest(name = "{0} is allowed")
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111",
        "64:ff9b::808:808", "2002:808:808::1"})
    void a_public_address_is_allowed(String literal) throws Exception {
        assertFalse(TargetAddresses.isRefused(InetAddress.getByName(literal)), literal);
    }

    @Test
    void a_public_name_resolves_to_every_address_it_has() {
        List<InetAddress> addresses = guard.check("url", "https://hooks.example.com/incoming?x=1");
        assertEquals(2, addresses.size());
    }

    @Test
    void a_name_is_judged_by_what_it_resolves_to_not_by_how_it_reads() {
        var metadata = assertThrows(ValidationException.class, () -> guard.check("url", "http://metadata.google.internal/computeMetadata/v1/"));
        assertEquals("url", metadata.field());
        assertTrue(metadata.getMessage().contains("169.254.169.254"), metadata.getMessage());
        assertThrows(ValidationException.class, () -> guard.check("url", "http://local.example.com:8080/"));
    }

    @Test
    void one_private_address_among_public_ones_is_enough_to_refuse() {
        var e = assertThrows(ValidationException.class, () -> guard.check("url", "https://rebind.example.com/"));
        assertTrue(e.getMessage().contains("10.0.0.5"), e.getMessage());
    }

    @Test
    void literal_addresses_in_urls_are_checked_including_bracketed_ipv6() {
        assertThrows(ValidationException.class, () -> guard.check("url", "http://127.0.0.1:8080/api/admin"));
        assertThrows(ValidationException.class, () -> guard.check("url", "http://[::1]/"));
        assertThrows(ValidationException.class, () -> guard.check("url", "http://[fd00:ec2::254]/latest/meta-data/"));
        assertEquals(1, guard.check("url", "https://[2606:4700::1111]/").size());
    }

    @Test
    void an_ipv4_mapped_literal_is_refused_even_when_the_address_it_maps_is_public() {
        // the system resolver reads ::ffff:a.b.c.d as the IPv4 address itself
        TargetAddresses system = TargetAddresses.of(false);
        var e = assertThrows(ValidationException.class, () -> system.check("url", "http://[::ffff:8.8.8.8]/"));
        assertTrue(e.getMessage().contains("IPv4-mapped"), e.getMessage());
        assertThrows(ValidationException.class, () -> system.check("url", "http://[::ffff:127.0.0.1]/"));
    }

    @Test
    void the_system_resolver_is_used_for_names_and_localhost_is_refused() {
        TargetAddresses system = TargetAddresses.of(false);
        var e = assertThrows(ValidationException.class, () -> system.check("url", "http://localhost:9/"));
        assertTrue(e.getMessage().contains("STATUS_ALLOW_PRIVATE_TARGETS"), "says how to allow it: " + e.getMessage());
    }

    @Test
    void allowing_private_targets_lets_them_through_but_still_needs_a_name_that_resolves() {
        TargetAddresses open = new TargetAddresses(true, NAMES);
        assertTrue(open.allowsPrivate());
        assertEquals(1, open.check("url", "http://127.0.0.1:8080/hook").size());
        assertEquals(2, open.check("url", "http://rebind.example.com/").size());
        var unknown = assertThrows(ValidationException.class, () -> open.check("url", "http://nowhere.example.com/"));
        assertTrue(unknown.getMessage().contains("does not resolve"), unknown.getMessage());
    }

    @ParameterizedTest(name = "''{0}'' is not a target URL")
    @ValueSource(strings = {"", "hooks.example.com/x", "ftp://hooks.example.com/", "file:///etc/passwd", "http:///path",
        "https://user:pw@hooks.example.com/", "http://hooks.example.com/a b", "javascript:alert(1)"})
    void a_url_that_is_not_plain_http_or_https_is_refused_before_any_lookup(String url) {
        TargetAddresses failing = new TargetAddresses(true, host -> {
            throw new AssertionError("no lookup expected for " + host);
        });
        var e = assertThrows(ValidationException.class, () -> failing.check("url", url));
        assertEquals("url", e.field());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void a_url_longer_than_2000_characters_is_refused() {
        String url = "https://hooks.example.com/" + "a".repeat(2000);
        assertThrows(ValidationException.class, () -> guard.check("url", url));
    }
}
