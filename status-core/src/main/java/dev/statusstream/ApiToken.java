package dev.statusstream;

import java.time.Instant;
import java.util.Objects;

/**
 * A named API token: what the admin API knows of it (never the token itself, which is kept only as
 * its SHA-256).
 *
 * <p>Immutable and thread-safe.
 *
 * @param name       the name its writes are recorded under ({@code token:<name>})
 * @param role       what it may do
 * @param createdAt  when it was made
 * @param lastUsedAt when it was last accepted, or null
 * @param revokedAt  when it was revoked, or null while it is valid
 */
public record ApiToken(String name, Role role, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
    /**
     * Checks the name and the role.
     *
     * @throws ValidationException naming the bad field
     */
    public ApiToken {
        Operator.checkName(name);
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * Whether the token is still accepted.
     *
     * @return false once revoked
     */
    public boolean active() {
        return revokedAt == null;
    }
}
