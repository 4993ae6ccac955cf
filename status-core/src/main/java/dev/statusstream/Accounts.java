package dev.statusstream;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Who may change the page, and what they did: operators and their console sessions, named API tokens,
 * and the audit log. Adding, changing and removing operators and tokens are {@link Operation}s
 * ({@link AddOperator}, {@link CreateToken}, ...); this is the rest: checking credentials, sessions, and
 * reads. Get it from {@link StatusStream#accounts()}.
 *
 * <p>Sessions, failed sign-ins and a token's last use are kept in PostgreSQL, so every node of a page
 * agrees on them. Sign-in is throttled: after {@value #ACCOUNT_FAILURES} failures for one account, or
 * {@value #ADDRESS_FAILURES} from one address, within {@link #THROTTLE_WINDOW}, attempts are refused
 * unchecked until the window has moved on. Passwords are kept as Argon2id hashes; tokens, links and
 * session cookies (256 random bits each) as SHA-256 digests.
 *
 * <p>Implementations are thread-safe.
 */
public interface Accounts {
    /** A session unused this long is over. */
    Duration IDLE_TIMEOUT = Duration.ofMinutes(30);
    /** How far back failed sign-ins count. */
    Duration THROTTLE_WINDOW = Duration.ofMinutes(15);
    /** Failed sign-ins for one account within the window before it is throttled. */
    int ACCOUNT_FAILURES = 5;
    /** Failed sign-ins from one address within the window before it is throttled. */
    int ADDRESS_FAILURES = 20;
    /** The most entries a list of operators or tokens returns at once. */
    int MAX_PAGE = 200;
    /** The shortest password accepted. */
    int MIN_PASSWORD = 12;

    /**
     * Signs an operator in and starts a session, unless throttled.
     *
     * @param name     the operator's name as typed
     * @param password the password as typed
     * @param address  the client's address, for throttling
     * @return the outcome, with the session's cookie value when signed in
     */
    SignIn signIn(String name, String password, String address);

    /**
     * The live session a cookie names, its idle time reset; a session idle longer than
     * {@link #IDLE_TIMEOUT} is ended instead.
     *
     * @param secret the cookie's value
     * @return the session, or empty when there is none (any more)
     */
    Optional<Session> session(String secret);

    /**
     * Ends one session.
     *
     * @param secret the cookie's value
     */
    void signOut(String secret);

    /**
     * Ends every session of an operator, on every device; recorded in the audit log.
     *
     * @param operator the operator's name
     * @param address  where the request came from, or null
     * @return how many sessions ended
     */
    int signOutEverywhere(String operator, String address);

    /**
     * Sets an operator's password through their one-time link, which is then used up; their sessions end.
     * Recorded in the audit log (without the password).
     *
     * @param linkSecret the secret from the link
     * @param password   the new password, {@value #MIN_PASSWORD} to 128 characters
     * @param address    where the request came from, or null
     * @return the operator
     * @throws ValidationException naming {@code password} when it is too short or too long
     * @throws NotFoundException   naming {@code link} when the link is unknown, used or expired
     */
    Operator setPassword(String linkSecret, String password, String address);

    /**
     * The operator a one-time link is for, while it is unused and unexpired.
     *
     * @param linkSecret the secret from the link
     * @return the operator's name, or empty
     */
    Optional<String> linkOwner(String linkSecret);

    /**
     * The named API token with this secret, if it is active; its last use is recorded.
     *
     * @param secret the bearer token as presented
     * @return the token, or empty
     */
    Optional<ApiToken> useToken(String secret);

    /**
     * Whether any named API token is active.
     *
     * @return true when at least one token is not revoked
     */
    boolean anyActiveToken();

    /**
     * An operator.
     *
     * @param name the operator's name
     * @return the operator, or empty
     */
    Optional<Operator> operator(String name);

    /**
     * Operators by name.
     *
     * @param after the last name of the previous page, or null for the first page
     * @param limit 1 to {@value #MAX_PAGE}
     * @return at most {@code limit} operators
     */
    List<Operator> operators(String after, int limit);

    /**
     * Named API tokens by name, revoked ones included.
     *
     * @param after the last name of the previous page, or null for the first page
     * @param limit 1 to {@value #MAX_PAGE}
     * @return at most {@code limit} tokens
     */
    List<ApiToken> tokens(String after, int limit);

    /**
     * A page of the audit log, newest first.
     *
     * @param query filters, cursor and size
     * @return the entries and the next page's cursor
     */
    AuditPage audit(AuditQuery query);
}
