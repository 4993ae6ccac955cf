package dev.statusstream;

/** The change contradicts the current state (a duplicate id, an incident already resolved). Nothing was changed. */
public class ConflictException extends StatusException {
    private final String field;

    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The input field whose value conflicts. */
    public String field() {
        return field;
    }
}
