package dev.statusstream;

/** A value was rejected; {@link #field()} names the input field it came from. Nothing was changed. */
public class ValidationException extends StatusException {
    private final String field;

    public ValidationException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The input field that holds the bad value, e.g. {@code "status"} or {@code "services[1]"}. */
    public String field() {
        return field;
    }

    /** The reason without the field prefix. */
    public String reason() {
        return getMessage().substring(field.length() + 2);
    }

    /** The same failure, reported under an outer field name, e.g. {@code label} becomes {@code service.label}. */
    public ValidationException under(String outer) {
        return new ValidationException(outer + "." + field, reason());
    }
}
