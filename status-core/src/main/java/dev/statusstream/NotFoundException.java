package dev.statusstream;

/** The service or incident named in a request does not exist. Nothing was changed. Immutable. */
public class NotFoundException extends StatusException {
    /** The input field that named the missing thing. */
    private final String field;

    /**
     * A missing service or incident.
     *
     * @param field   the input field that named it, e.g. {@code "id"}
     * @param message what is missing, naming it
     */
    public NotFoundException(String field, String message) {
        super(message);
        this.field = field;
    }

    /**
     * The input field that named the missing thing.
     *
     * @return e.g. {@code "id"} or {@code "services"}
     */
    public String field() {
        return field;
    }
}
