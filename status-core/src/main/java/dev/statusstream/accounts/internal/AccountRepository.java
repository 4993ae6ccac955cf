package dev.statusstream.accounts.internal;

import dev.statusstream.ApiToken;
import dev.statusstream.ConflictException;
import dev.statusstream.IssuedLink;
import dev.statusstream.IssuedToken;
import dev.statusstream.NotFoundException;
import dev.statusstream.Operator;
import dev.statusstream.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * SQL for operators, their one-time links and named API tokens. Stateless; every method runs on the
 * caller's handle, inside the caller's transaction.
 */
public final class AccountRepository {
    /** How long a one-time link to set a password works. */
    public static final Duration LINK_LIFETIME = Duration.ofHours(24);
    private static final String OPERATOR_COLUMNS = "name, role, password_hash is not null as has_password, created_at";
    private static final String TOKEN_COLUMNS = "name, role, created_at, last_used_at, revoked_at";

    // ---- operators ----

    public IssuedLink addOperator(Handle h, String name, Role role, Instant now) {
        if (findOperator(h, name).isPresent()) {
            throw new ConflictException("name", "an operator named '" + name + "' exists already");
        }
        h.createUpdate("insert into statusstream_operators (name, role, created_at) values (:name, :role, :now)")
                .bind("name", name).bind("role", role.wireName()).bind("now", now).execute();
        return issueLink(h, name, now);
    }

    /** A new one-time link; earlier ones stop working. */
    public IssuedLink issueLink(Handle h, String name, Instant now) {
        Operator operator = requireOperator(h, name);
        h.createUpdate("delete from statusstream_password_links where operator = :name").bind("name", name).execute();
        String secret = Secrets.random("");
        Instant expires = now.plus(LINK_LIFETIME);
        h.createUpdate("""
                insert into statusstream_password_links (digest, operator, expires_at) values (:digest, :name, :expires)""")
                .bind("digest", Secrets.sha256(secret)).bind("name", name).bind("expires", expires).execute();
        return new IssuedLink(operator, secret, expires);
    }

    /** The operator whose unused, unexpired link this is. */
    public Optional<String> linkOwner(Handle h, String secret, Instant now) {
        return h.createQuery("""
                select operator from statusstream_password_links
                where digest = :digest and used_at is null and expires_at > :now""")
                .bind("digest", Secrets.sha256(secret)).bind("now", now).mapTo(String.class).findOne();
    }

    /** Uses the link up and sets the password; the operator's sessions end. */
    public Operator setPassword(Handle h, String secret, String operator, String hash, Instant now) {
        int used = h.createUpdate("""
                update statusstream_password_links set used_at = :now
                where digest = :digest and operator = :operator and used_at is null and expires_at > :now""")
                .bind("digest", Secrets.sha256(secret)).bind("operator", operator).bind("now", now).execute();
        if (used == 0) {
            throw new NotFoundException("link", "this link was used already or has expired; ask an admin for a new one");
        }
        h.createUpdate("update statusstream_operators set password_hash = :hash where name = :name")
                .bind("hash", hash).bind("name", operator).execute();
        h.createUpdate("delete from statusstream_sessions where operator = :name").bind("name", operator).execute();
        return requireOperator(h, operator);
    }

    public Operator changeRole(Handle h, String name, Role role) {
        requireOperator(h, name);
        h.createUpdate("update statusstream_operators set role = :role where name = :name")
                .bind("role", role.wireName()).bind("name", name).execute();
        return requireOperator(h, name);
    }

    public Operator removeOperator(Handle h, String name) {
        Operator operator = requireOperator(h, name);
        h.createUpdate("delete from statusstream_operators where name = :name").bind("name", name).execute();
        return operator;
    }

    public Optional<Operator> findOperator(Handle h, String name) {
        return h.createQuery("select " + OPERATOR_COLUMNS + " from statusstream_operators where name = :name")
                .bind("name", name).map((rs, ctx) -> operator(rs)).findOne();
    }

    public Optional<String> passwordHash(Handle h, String name) {
        return h.createQuery("select password_hash from statusstream_operators where name = :name")
                .bind("name", name).mapTo(String.class).findOne();
    }

    /** Operators by name after {@code after} (null: from the first), at most {@code limit}. */
    public List<Operator> operators(Handle h, String after, int limit) {
        return h.createQuery("select " + OPERATOR_COLUMNS + " from statusstream_operators where name > :after order by name limit :limit")
                .bind("after", after == null ? "" : after).bind("limit", limit).map((rs, ctx) -> operator(rs)).list();
    }

    private Operator requireOperator(Handle h, String name) {
        return findOperator(h, name).orElseThrow(() -> new NotFoundException("name", "no operator named '" + name + "'"));
    }

    // ---- tokens ----

    public IssuedToken createToken(Handle h, String name, Role role, Instant now) {
        if (findToken(h, name).isPresent()) {
            throw new ConflictException("name", "a token named '" + name + "' exists already (revoked tokens keep their names)");
        }
        String secret = Secrets.random("sst_");
        h.createUpdate("insert into statusstream_api_tokens (name, role, digest, created_at) values (:name, :role, :digest, :now)")
                .bind("name", name).bind("role", role.wireName()).bind("digest", Secrets.sha256(secret)).bind("now", now)
                .execute();
        return new IssuedToken(findToken(h, name).orElseThrow(), secret);
    }

    public ApiToken revokeToken(Handle h, String name, Instant now) {
        ApiToken token = findToken(h, name).orElseThrow(() -> new NotFoundException("name", "no token named '" + name + "'"));
        if (!token.active()) {
            throw new ConflictException("name", "the token '" + name + "' was revoked already");
        }
        h.createUpdate("update statusstream_api_tokens set revoked_at = :now where name = :name")
                .bind("now", now).bind("name", name).execute();
        return findToken(h, name).orElseThrow();
    }

    public Optional<ApiToken> findToken(Handle h, String name) {
        return h.createQuery("select " + TOKEN_COLUMNS + " from statusstream_api_tokens where name = :name")
                .bind("name", name).map((rs, ctx) -> token(rs)).findOne();
    }

    /** The active token with this secret, its last use recorded. */
    public Optional<ApiToken> useToken(Handle h, String secret, Instant now) {
        return h.createQuery("""
                update statusstream_api_tokens set last_used_at = :now
                where digest = :digest and revoked_at is null returning""" + " " + TOKEN_COLUMNS)
                .bind("digest", Secrets.sha256(secret)).bind("now", now).map((rs, ctx) -> token(rs)).findOne();
    }

    public boolean anyActiveToken(Handle h) {
        return h.createQuery("select exists (select 1 from statusstream_api_tokens where revoked_at is null)")
                .mapTo(Boolean.class).one();
    }

    public List<ApiToken> tokens(Handle h, String after, int limit) {
        return h.createQuery("select " + TOKEN_COLUMNS + " from statusstream_api_tokens where name > :after order by name limit :limit")
                .bind("after", after == null ? "" : after).bind("limit", limit).map((rs, ctx) -> token(rs)).list();
    }

    private static Operator operator(ResultSet rs) throws SQLException {
        return new Operator(rs.getString("name"), Role.parse(rs.getString("role")), rs.getBoolean("has_password"),
                instant(rs, "created_at"));
    }

    private static ApiToken token(ResultSet rs) throws SQLException {
        return new ApiToken(rs.getString("name"), Role.parse(rs.getString("role")), instant(rs, "created_at"),
                instant(rs, "last_used_at"), instant(rs, "revoked_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
