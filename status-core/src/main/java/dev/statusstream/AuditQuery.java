package dev.statusstream;

/**
 * Which part of the audit log to read: newest first, optionally only one actor's or one target's
 * entries, before a cursor, at most {@code limit} entries.
 *
 * <p>Immutable and thread-safe.
 *
 * @param actor  only this actor's entries (e.g. {@code operator:ana}), or null for all
 * @param target only entries about this target (e.g. {@code services/api}), or null for all
 * @param before only entries with an id below this one (the previous page's cursor), or null
 * @param limit  1 to {@value #MAX_LIMIT}
 */
public record AuditQuery(String actor, String target, Long before, int limit) {
    /** The most entries one page holds. */
    public static final int MAX_LIMIT = 200;
    private static final int MAX_TEXT = 200;

    /**
     * Checks the limit and the lengths.
     *
     * @throws ValidationException naming the bad field
     */
    public AuditQuery {
        actor = blankToNull(actor, "actor");
        target = blankToNull(target, "target");
        if (before != null && before < 1) {
            throw new ValidationException("before", "must be a positive cursor, was " + before);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("limit", "must be from 1 to " + MAX_LIMIT + ", was " + limit);
        }
    }

    /**
     * The newest 50 entries.
     *
     * @return a query without filters
     */
    public static AuditQuery newest() {
        return new AuditQuery(null, null, null, 50);
    }

    private static String blankToNull(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_TEXT) {
            throw new ValidationException(field, "is longer than " + MAX_TEXT + " characters");
        }
        return value.strip();
    }
}
