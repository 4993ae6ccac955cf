package dev.statusstream;

/**
 * A dependency (PostgreSQL, Redis) could not be reached in time. For a write this means the change was
 * not committed; retrying later is safe.
 */
public class UnavailableException extends StatusException {
    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
