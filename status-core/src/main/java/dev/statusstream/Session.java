package dev.statusstream;

import dev.statusstream.Actor;
import dev.statusstream.Operator;
import dev.statusstream.Role;
import java.util.Objects;

/**
 * A live console session: who, with which role now, and the token every form must carry.
 *
 * <p>Immutable and thread-safe.
 *
 * @param operator the operator's name
 * @param role     their role as of this request
 * @param csrf     the session's anti-forgery token
 */
public record Session(String operator, Role role, String csrf) {
    /** Checks every part is there. */
    public Session {
        Operator.checkName(operator);
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(csrf, "csrf");
    }

    /**
     * Who this session's writes are recorded as.
     *
     * @return {@code operator:<name>}
     */
    public Actor actor() {
        return Actor.operator(operator);
    }
}
