package dev.statusstream.server.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Token matching, without a server. */
class BearerAuthTest {
    @Test
    void only_the_exact_configured_tokens_match() {
        var auth = new BearerAuth(List.of("current-token-aaaaaaaaaaaaaaaa", "next-token-bbbbbbbbbbbbbbbbbbbb"), null);
        assertTrue(auth.accepts("current-token-aaaaaaaaaaaaaaaa"));
        assertTrue(auth.accepts("next-token-bbbbbbbbbbbbbbbbbbbb"));
        assertFalse(auth.accepts("CURRENT-TOKEN-AAAAAAAAAAAAAAAA"));
        assertFalse(auth.accepts("current-token-aaaaaaaaaaaaaaa"));
        assertFalse(auth.accepts(""));
    }
}
