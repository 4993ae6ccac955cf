package dev.statusstream;

/**
 * A dependency (PostgreSQL, Redis) could not be reached in time. For a write this means the change was
 * not committed; retrying later is safe. Immutable.
 */
public class UnavailableException extends StatusException {
    /**
     * A dependency that did not answer.
     *
     * @param message which dependency, and what it said
     * @param cause   the driver's or client's failure, or null
     */
    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
