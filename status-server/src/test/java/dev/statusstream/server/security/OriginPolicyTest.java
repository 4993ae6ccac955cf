package dev.statusstream.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.statusstream.ValidationException;
import dev.statusstream.server.security.OriginPolicy.Decision;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OriginPolicyTest {
    private static final List<String> ALLOWED = List.of("https://status.example.com", "https://status.example.com:8443");
    private final OriginPolicy production = OriginPolicy.of(true, ALLOWED);
    private final OriginPolicy development = OriginPolicy.of(false, ALLOWED);

    /** Origin header (NONE = absent), Sec-Fetch-Site (NONE = absent), production decision, development decision. */
    @ParameterizedTest(name = "Origin {0}, Sec-Fetch-Site {1}: production {2}, development {3}")
    @CsvSource(delimiter = '|', value = {
        "https://status.example.com                     | NONE        | ALLOW_CROSS_ORIGIN | ALLOW_CROSS_ORIGIN",
        "https://status.example.com:8443                | cross-site  | ALLOW_CROSS_ORIGIN | ALLOW_CROSS_ORIGIN",
        "https://status.example.com.attacker.com        | cross-site  | REJECT             | REJECT",
        "https://attacker.com/https://status.example.com | cross-site | REJECT             | REJECT",
        "https://evilstatus.example.com                 | cross-site  | REJECT             | REJECT",
        "https://status.example.co                      | cross-site  | REJECT             | REJECT",
        "http://status.example.com                      | cross-site  | REJECT             | REJECT",
        "https://STATUS.EXAMPLE.COM                     | cross-site  | REJECT             | REJECT",
        "https://status.example.com.                    | cross-site  | REJECT             | REJECT",
        "https://status.example.com/                    | cross-site  | REJECT             | REJECT",
        "https://status.example.com:443                 | cross-site  | REJECT             | REJECT",
        "https://user@status.example.com                | cross-site  | REJECT             | REJECT",
        "https://status.example.com@attacker.com        | cross-site  | REJECT             | REJECT",
        "'https://status.example.com, https://a.com'    | cross-site  | REJECT             | REJECT",
        "null                                           | cross-site  | REJECT             | REJECT",
        "null                                           | same-origin | REJECT             | REJECT",
        "''                                             | same-origin | REJECT             | REJECT",
        "NONE                                           | same-origin | ALLOW_SAME_ORIGIN  | ALLOW_SAME_ORIGIN",
        "NONE                                           | NONE        | REJECT             | ALLOW_SAME_ORIGIN",
        "NONE                                           | cross-site  | REJECT             | ALLOW_SAME_ORIGIN",
        "NONE                                           | same-site   | REJECT             | ALLOW_SAME_ORIGIN",
        "http://localhost:5173                          | cross-site  | REJECT             | ALLOW_CROSS_ORIGIN",
        "http://localhost                               | cross-site  | REJECT             | ALLOW_CROSS_ORIGIN",
        "https://127.0.0.1:8443                         | cross-site  | REJECT             | ALLOW_CROSS_ORIGIN",
        "http://[::1]:3000                              | cross-site  | REJECT             | ALLOW_CROSS_ORIGIN",
        "http://localhost.evil.com                      | cross-site  | REJECT             | REJECT",
        "http://localhost.                              | cross-site  | REJECT             | REJECT",
        "http://evil-localhost                          | cross-site  | REJECT             | REJECT",
        "http://127.0.0.1.evil.com                      | cross-site  | REJECT             | REJECT",
        "http://user@localhost:3000                     | cross-site  | REJECT             | REJECT",
        "http://localhost:3000/path                     | cross-site  | REJECT             | REJECT",
        "http://localhost:99999                         | cross-site  | REJECT             | REJECT",
        "http://localhost:0                             | cross-site  | REJECT             | REJECT",
        "ftp://localhost                                | cross-site  | REJECT             | REJECT",
        "http://127.0.0.2                               | cross-site  | REJECT             | REJECT",
    })
    void decides_by_exact_origin_and_mode(String origin, String fetchSite, Decision inProduction, Decision inDevelopment) {
        String o = "NONE".equals(origin) ? null : origin;
        String f = "NONE".equals(fetchSite) ? null : fetchSite;
        assertEquals(inProduction, production.decide(o, f), "production");
        assertEquals(inDevelopment, development.decide(o, f), "development");
    }

    @ParameterizedTest
    @ValueSource(strings = {"status.example.com", "https://status.example.com/", "https://status.example.com/path",
        "https://user@status.example.com", "ftp://status.example.com", "https://status.example.com.", "*", "null"})
    void configured_origins_must_be_bare_scheme_host_port(String origin) {
        var e = assertThrows(ValidationException.class, () -> OriginPolicy.of(true, List.of(origin)));
        assertEquals("STATUS_ALLOWED_ORIGINS", e.field());
    }

    @ParameterizedTest
    @CsvSource({"HTTPS://Status.Example.com:443, https://status.example.com",
        "http://status.example.com:80, http://status.example.com",
        "https://status.example.com:8443, https://status.example.com:8443"})
    void configured_origins_are_normalized_as_browsers_send_them(String configured, String sent) {
        assertEquals(Decision.ALLOW_CROSS_ORIGIN, OriginPolicy.of(true, List.of(configured)).decide(sent, "cross-site"));
    }
}
