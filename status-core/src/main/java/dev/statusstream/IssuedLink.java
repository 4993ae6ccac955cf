package dev.statusstream;

import java.time.Instant;
import java.util.Objects;

/**
 * A one-time link for an operator to set a password: used once, valid until {@link #expiresAt()}.
 * The link is the console's address followed by {@link #path()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param operator  whose password it sets
 * @param secret    the single-use secret the link carries; only its SHA-256 is stored
 * @param expiresAt when the link stops working
 */
public record IssuedLink(Operator operator, String secret, Instant expiresAt) implements HoldsSecret {
    /** Checks every part is there. */
    public IssuedLink {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * The link's path under the site's address.
     *
     * @return {@code /admin/welcome/<secret>}
     */
    @com.fasterxml.jackson.annotation.JsonProperty("path")
    public String path() {
        return "/admin/welcome/" + secret;
    }

    @Override
    public Object withoutSecret() {
        return operator;
    }

    @Override
    public String toString() {
        return "IssuedLink[" + operator + ", expires " + expiresAt + "]";
    }
}
