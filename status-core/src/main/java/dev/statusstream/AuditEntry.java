package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of the audit log: who did what to which thing, when and from where, with the thing as it was
 * before and after. Written in the same transaction as the write it records, and never changed.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id      its place in the log: later entries have higher ids
 * @param at      when the write committed
 * @param actor   who asked for it, as {@link Actor#toString()} writes it
 * @param action  the operation's name, e.g. {@code setStatus}
 * @param target  what it changed, e.g. {@code services/api}; empty when nothing in particular
 * @param before  the target before, as JSON, or null when it did not exist or is not recorded
 * @param after   the result, as JSON (secrets left out), or null
 * @param address the client's address when the write came over HTTP, else null
 * @param version the page's version after the write
 */
public record AuditEntry(long id, Instant at, String actor, String action, String target,
        @JsonRawValue String before, @JsonRawValue String after, String address, long version) {
    /** Checks the required parts are there. */
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        target = target == null ? "" : target;
    }
}
