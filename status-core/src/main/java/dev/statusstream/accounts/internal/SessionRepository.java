package dev.statusstream.accounts.internal;

import dev.statusstream.Role;
import dev.statusstream.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * SQL for console sessions and failed sign-ins. Stateless; every method runs on the caller's handle.
 */
public final class SessionRepository {
    /** A session's last-seen time is written at most this often, not on every request. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    /** Starts a session; returns its cookie secret. */
    public String create(Handle h, String operator, String csrf, Instant now) {
        String secret = Secrets.random("");
        h.createUpdate("""
                insert into statusstream_sessions (digest, operator, csrf, created_at, last_seen_at)
                values (:digest, :operator, :csrf, :now, :now)""")
                .bind("digest", Secrets.sha256(secret)).bind("operator", operator).bind("csrf", csrf).bind("now", now).execute();
        return secret;
    }

    /** The live session with this secret, touched; a session idle longer than {@code idle} is ended. */
    public Optional<Session> find(Handle h, String secret, Instant now, Duration idle) {
        byte[] digest = Secrets.sha256(secret);
        record Row(String operator, Role role, String csrf, Instant lastSeen) {
        }
        Optional<Row> row = h.createQuery("""
                select s.operator, o.role, s.csrf, s.last_seen_at from statusstream_sessions s
                join statusstream_operators o on o.name = s.operator where s.digest = :digest""")
                .bind("digest", digest)
                .map((rs, ctx) -> new Row(rs.getString("operator"), Role.parse(rs.getString("role")), rs.getString("csrf"),
                        AccountRepository.instant(rs, "last_seen_at")))
                .findOne();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        if (row.get().lastSeen().plus(idle).isBefore(now)) {
            h.createUpdate("delete from statusstream_sessions where digest = :digest").bind("digest", digest).execute();
            return Optional.empty();
        }
        if (row.get().lastSeen().plus(TOUCH_EVERY).isBefore(now)) {
            h.createUpdate("update statusstream_sessions set last_seen_at = :now where digest = :digest")
                    .bind("now", now).bind("digest", digest).execute();
        }
        return Optional.of(new Session(row.get().operator(), row.get().role(), row.get().csrf()));
    }

    public void delete(Handle h, String secret) {
        h.createUpdate("delete from statusstream_sessions where digest = :digest").bind("digest", Secrets.sha256(secret)).execute();
    }

    public int deleteAll(Handle h, String operator) {
        return h.createUpdate("delete from statusstream_sessions where operator = :operator").bind("operator", operator).execute();
    }

    /** Failures recorded under {@code key} since {@code since}. */
    public int failures(Handle h, String key, Instant since) {
        return h.createQuery("select count(*) from statusstream_signin_failures where key = :key and at > :since")
                .bind("key", key).bind("since", since).mapTo(Integer.class).one();
    }

    /** The oldest failure under {@code key} since {@code since}: the window frees up after it. */
    public Optional<Instant> oldestFailure(Handle h, String key, Instant since) {
        return h.createQuery("select min(at) from statusstream_signin_failures where key = :key and at > :since")
                .bind("key", key).bind("since", since).mapTo(Instant.class).findOne();
    }

    public void fail(Handle h, String key, Instant now, Instant forgetBefore) {
        h.createUpdate("insert into statusstream_signin_failures (key, at) values (:key, :now)").bind("key", key).bind("now", now)
                .execute();
        h.createUpdate("delete from statusstream_signin_failures where at < :before").bind("before", forgetBefore).execute();
    }

    public void forget(Handle h, String key) {
        h.createUpdate("delete from statusstream_signin_failures where key = :key").bind("key", key).execute();
    }
}
