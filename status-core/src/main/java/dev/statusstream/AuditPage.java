package dev.statusstream;

import java.util.List;

/**
 * A page of the audit log, newest first.
 *
 * <p>Immutable and thread-safe.
 *
 * @param entries the entries
 * @param next    the cursor of the next (older) page, or null when this is the last
 */
public record AuditPage(List<AuditEntry> entries, Long next) {
    /** Copies the list. */
    public AuditPage {
        entries = List.copyOf(entries);
    }
}
