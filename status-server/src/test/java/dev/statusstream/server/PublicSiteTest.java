package dev.statusstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.statusstream.ValidationException;
import dev.statusstream.server.api.PublicSite;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code STATUS_PAGE_NAME} and {@code STATUS_PUBLIC_URL}. */
class PublicSiteTest {

    @Test
    void by_default_the_page_is_called_status_and_lives_on_this_machine() {
        PublicSite site = ServerConfig.from(Map.of("STATUS_PORT", "9090"), new String[0]).site();
        assertEquals("Status", site.name());
        assertEquals("http://localhost:9090", site.url());
        assertEquals("http://127.0.0.1", PublicSite.defaultUrl("127.0.0.1", 80));
        assertEquals("http://[::1]:8080", PublicSite.defaultUrl("::1", 8080));
    }

    @Test
    void configured_values_are_used_and_the_trailing_slash_dropped() {
        PublicSite site = ServerConfig.from(Map.of("STATUS_PAGE_NAME", " Acme Status ",
                "STATUS_PUBLIC_URL", "https://status.acme.test/ops/"), new String[0]).site();
        assertEquals("Acme Status", site.name());
        assertEquals("https://status.acme.test/ops", site.url());
        assertEquals("https://status.acme.test/ops/incidents/x", site.link("/incidents/x"));
    }

    @Test
    void the_page_id_is_stable_and_follows_the_address() {
        var one = new PublicSite("A", "https://a.example");
        assertEquals(one.id(), new PublicSite("B", "https://a.example/").id());
        assertEquals(12, one.id().length());
        assertNotEquals(one.id(), new PublicSite("A", "https://b.example").id());
        assertNotEquals(one.fingerprint(), new PublicSite("B", "https://a.example").fingerprint());
    }

    @ParameterizedTest(name = "STATUS_PUBLIC_URL={0} is rejected")
    @ValueSource(strings = {"status.example.com", "ftp://status.example.com", "https://user@status.example.com",
        "https://status.example.com/?page=1", "https://status.example.com/#top", "https://", "http://exa mple.com"})
    void a_bad_public_url_fails_naming_the_setting(String url) {
        var e = assertThrows(ValidationException.class,
                () -> ServerConfig.from(Map.of("STATUS_PUBLIC_URL", url), new String[0]));
        assertEquals("STATUS_PUBLIC_URL", e.field(), e.getMessage());
    }

    @ParameterizedTest(name = "STATUS_PAGE_NAME of {0} characters (control: {1}) is rejected")
    @CsvSource({"101, false", "3, true"})
    void a_bad_page_name_fails_naming_the_setting(int length, boolean control) {
        String name = "x".repeat(length - 1) + (control ? "\u0007" : "x");
        var e = assertThrows(ValidationException.class, () -> new PublicSite(name, "https://a.example"));
        assertEquals("STATUS_PAGE_NAME", e.field(), e.getMessage());
    }

    @Test
    void the_settings_are_also_flags() {
        PublicSite site = ServerConfig.from(Map.of(), new String[] {"--page-name", "Ops", "--public-url", "https://ops.test"})
                .site();
        assertEquals("Ops", site.name());
        assertEquals("https://ops.test", site.url());
    }
}
