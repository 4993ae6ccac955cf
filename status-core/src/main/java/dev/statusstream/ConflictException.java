package dev.statusstream;

/**
 * The change contradicts the current state (a duplicate id, an incident already resolved). Nothing was
 * changed. Immutable.
 */
public class ConflictException extends StatusException {
    /** The input field whose value conflicts. */
    private final String field;

    /**
     * A conflicting change.
     *
     * @param field   the input field whose value conflicts, e.g. {@code "id"}
     * @param message what it conflicts with
     */
    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    /**
     * The input field whose value conflicts.
     *
     * @return e.g. {@code "id"} or {@code "slug"}
     */
    public String field() {
        return field;
    }
}
