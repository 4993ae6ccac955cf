package dev.statusstream;

/** The service or incident named in a request does not exist. Nothing was changed. */
public class NotFoundException extends StatusException {
    private final String field;

    public NotFoundException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The input field that named the missing thing, e.g. {@code "id"} or {@code "services"}. */
    public String field() {
        return field;
    }
}
