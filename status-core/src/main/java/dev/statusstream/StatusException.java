package dev.statusstream;

/**
 * The one unchecked exception family thrown by StatusStream. Subclasses say what kind of failure it
 * was; the message always names the offending value or the dependency that failed.
 *
 * <p>Immutable after construction, like every exception here; safe to pass between threads.
 */
public class StatusException extends RuntimeException {
    /**
     * A failure without an underlying cause.
     *
     * @param message what failed, naming the value or dependency
     */
    public StatusException(String message) {
        super(message);
    }

    /**
     * A failure caused by another exception (a driver or client failure).
     *
     * @param message what failed, naming the value or dependency
     * @param cause   the underlying failure
     */
    public StatusException(String message, Throwable cause) {
        super(message, cause);
    }
}
