package dev.statusstream;

import java.util.Objects;

/**
 * A token just made: its description and the token itself, which is shown this once and never again.
 *
 * <p>Immutable and thread-safe.
 *
 * @param token  the stored description
 * @param secret the bearer token to hand over
 */
public record IssuedToken(ApiToken token, String secret) implements HoldsSecret {
    /** Checks both parts are there. */
    public IssuedToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public Object withoutSecret() {
        return token;
    }

    @Override
    public String toString() {
        return "IssuedToken[" + token + "]";
    }
}
