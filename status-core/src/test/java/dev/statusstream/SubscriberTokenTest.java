package dev.statusstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SubscriberTokenTest {
    private static final byte[] SECRET = "a secret of thirty-two bytes....".getBytes(StandardCharsets.UTF_8);

    @Test
    void a_token_works_for_its_purpose_and_secret_only() {
        SubscriberToken confirm = SubscriberToken.of(SubscriberToken.CONFIRM, "42", SECRET);
        SubscriberToken read = SubscriberToken.parse(confirm.toString()).orElseThrow();
        assertEquals("42", read.subscriberId());
        assertTrue(read.matches(SubscriberToken.CONFIRM, SECRET));
        assertFalse(read.matches(SubscriberToken.UNSUBSCRIBE, SECRET), "a confirmation link does not unsubscribe");
        assertFalse(read.matches(SubscriberToken.CONFIRM, "another subscriber's secret....".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void a_token_reveals_nothing_but_the_id_and_another_id_with_the_same_mac_fails() {
        SubscriberToken token = SubscriberToken.of(SubscriberToken.UNSUBSCRIBE, "42", SECRET);
        assertTrue(token.toString().matches("42\\.[A-Za-z0-9_-]{43}"), token.toString());
        SubscriberToken moved = SubscriberToken.parse("43." + token.mac()).orElseThrow();
        assertFalse(moved.matches(SubscriberToken.UNSUBSCRIBE, SECRET));
    }

    @Test
    void what_is_not_a_token_is_empty_not_an_error() {
        for (String text : new String[] {null, "", "42", ".abc", "42.short", "4 2." + "a".repeat(43), "x".repeat(200),
                "42." + "a".repeat(42) + "="}) {
            assertTrue(SubscriberToken.parse(text).isEmpty(), String.valueOf(text));
        }
    }

    @Test
    void addresses_are_checked_as_people_type_them_and_the_domain_case_does_not_matter() {
        org.junit.jupiter.api.Assertions.assertEquals("Reader@example.org", SubscribeByEmail.checkEmail(" Reader@EXAMPLE.org "));
        org.junit.jupiter.api.Assertions.assertEquals("a.b+tag@sub.example.co.jp", SubscribeByEmail.checkEmail("a.b+tag@sub.example.co.jp"));
        for (String bad : new String[] {"", "a", "a@b", "@example.org", "a@@example.org", "a b@example.org", "a@example", ".a@example.org",
                "a..b@example.org", "a@-example.org", "x".repeat(65) + "@example.org", "a@example.org\r\nBcc: x@y.z"}) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(ValidationException.class, () -> SubscribeByEmail.checkEmail(bad), bad);
            org.junit.jupiter.api.Assertions.assertEquals("email", e.field());
        }
    }
}
