package dev.statusstream;

import java.time.Duration;

/**
 * The outcome of a sign-in attempt.
 *
 * <p>Immutable and thread-safe.
 *
 * @param outcome    what happened
 * @param secret     the new session's cookie value when {@link Outcome#SIGNED_IN}, else null
 * @param session    the new session when signed in, else null
 * @param retryAfter how long to wait when {@link Outcome#THROTTLED}, else zero
 */
public record SignIn(Outcome outcome, String secret, Session session, Duration retryAfter) {
    /** What a sign-in attempt came to. */
    public enum Outcome {
        /** Name and password matched: a session was started. */
        SIGNED_IN,
        /** Name or password did not match (which one is not said). */
        REFUSED,
        /** Too many recent failures for this account or this address: not even checked. */
        THROTTLED
    }

    @Override
    public String toString() {
        return "SignIn[" + outcome + (session == null ? "" : ", " + session.operator()) + "]";
    }
}
