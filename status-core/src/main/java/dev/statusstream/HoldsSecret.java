package dev.statusstream;

/**
 * The result of a write that carries a secret shown once (a new token, a one-time link): the audit log
 * records {@link #withoutSecret()} instead, so no secret is ever stored in clear.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface HoldsSecret {
    /**
     * The same result without its secret.
     *
     * @return what the audit log may keep
     */
    Object withoutSecret();
}
