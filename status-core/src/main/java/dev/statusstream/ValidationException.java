package dev.statusstream;

/**
 * A value was rejected; {@link #field()} names the input field it came from. Nothing was changed.
 * Immutable.
 */
public class ValidationException extends StatusException {
    /** The input field that holds the bad value. */
    private final String field;

    /**
     * A rejected value.
     *
     * @param field   the input field that holds it, e.g. {@code "status"}
     * @param message why it was rejected; the exception's message is {@code field + ": " + message}
     */
    public ValidationException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /**
     * The input field that holds the bad value.
     *
     * @return e.g. {@code "status"} or {@code "services[1]"}
     */
    public String field() {
        return field;
    }

    /**
     * The reason without the field prefix.
     *
     * @return the message given to the constructor
     */
    public String reason() {
        return getMessage().substring(field.length() + 2);
    }

    /**
     * The same failure, reported under an outer field name.
     *
     * @param outer the enclosing field, e.g. {@code service}
     * @return a new exception whose field is {@code outer + "." + field()}
     */
    public ValidationException under(String outer) {
        return new ValidationException(outer + "." + field, reason());
    }
}
