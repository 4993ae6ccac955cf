package dev.statusstream.store.internal;

import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * What the audit entry of the write running on this thread should say: set by the engine around one
 * operation, read by {@link Database} inside the write's transaction. A write made without one (the
 * maintenance scheduler's) is audited under its change type and subject.
 *
 * @param action  the operation's name
 * @param target  the target from the operation's path, refined from its result
 * @param before  reads the target as it is, inside the transaction, before the write; may return null
 * @param address where the request came from, or null
 */
public record AuditScope(String action, Function<Object, String> target, Function<Handle, Object> before, String address) {
    private static final ThreadLocal<AuditScope> CURRENT = new ThreadLocal<>();

    /** Runs {@code work} with this scope as the current one. */
    public <T> T around(java.util.function.Supplier<T> work) {
        AuditScope previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** The scope of the operation running on this thread, or null. */
    static AuditScope current() {
        return CURRENT.get();
    }
}
