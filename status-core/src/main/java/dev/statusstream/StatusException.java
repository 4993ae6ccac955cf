package dev.statusstream;

/**
 * The one unchecked exception family thrown by StatusStream. Subclasses say what kind of failure it
 * was; the message always names the offending value or the dependency that failed.
 */
public class StatusException extends RuntimeException {
    public StatusException(String message) {
        super(message);
    }

    public StatusException(String message, Throwable cause) {
        super(message, cause);
    }
}
