package dev.statusstream.store.internal;

import dev.statusstream.Actor;
import dev.statusstream.ChangeEvent;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

/** SQL for the global version and the change log. Stateless; every method runs on the caller's handle. */
public final class ChangeLogRepository {

    /**
     * Takes the next version, holding the version's row until the transaction ends: writes wait here for
     * one another, one at a time. That wait may outlast the statement timeout that bounds every other
     * statement (a sick database): a burst of writers (operators, monitors and alerts in the same
     * second) is not a failure, so the caller gives this statement a longer {@code statement_timeout},
     * and the statement itself sets it back to {@code thenTimeoutMillis} for the rest of the transaction.
     */
    public long nextVersion(Handle h, long thenTimeoutMillis) {
        return h.createQuery("update statusstream_status_version set version = version + 1"
                        + " returning version, set_config('statement_timeout', :timeout, true)")
                .bind("timeout", Long.toString(thenTimeoutMillis))
                .map((rs, ctx) -> rs.getLong(1)).one();
    }

    public long currentVersion(Handle h) {
        return h.createQuery("select version from statusstream_status_version").mapTo(Long.class).one();
    }

    /**
     * When {@code version} was committed: the time its snapshot is built as of, on whichever node builds
     * it, so that one version is one snapshot everywhere. Version 0 (nothing written yet) has no commit
     * and is dated the epoch, as an empty snapshot is.
     */
    public Instant committedAt(Handle h, long version) {
        return h.createQuery("select committed_at from statusstream_change_log where version = :version")
                .bind("version", version)
                .map((rs, ctx) -> Rows.instant(rs, "committed_at"))
                .findOne()
                .orElse(Instant.EPOCH);
    }

    /**
     * The insert of one change, for a statement that makes it together with other work (a write makes its
     * change, its audit entry and its signal in one round trip). Bind it with {@link #bind}.
     */
    static final String INSERT = """
            insert into statusstream_change_log (version, committed_at, type, subject, data, actor)
            values (:version, :committedAt, :type, :subject, cast(:data as json), :actor)""";

    /** Binds {@link #INSERT}'s parameters. */
    static <S extends SqlStatement<S>> S bind(S statement, ChangeEvent event, Actor actor) {
        return statement.bind("version", event.version())
                .bind("committedAt", event.committedAt())
                .bind("type", event.type())
                .bind("subject", event.subject())
                .bind("data", event.data())
                .bind("actor", actor.toString());
    }

    /** Changes after {@code version}, oldest first, at most {@code limit}. */
    public List<ChangeEvent> since(Handle h, long version, int limit) {
        return h.createQuery("""
                select version, committed_at, type, subject, data::text as data from statusstream_change_log
                where version > :version order by version limit :limit""")
                .bind("version", version)
                .bind("limit", limit)
                .map((rs, ctx) -> new ChangeEvent(rs.getLong("version"), rs.getString("type"), rs.getString("subject"),
                        Rows.instant(rs, "committed_at"), rs.getString("data")))
                .list();
    }

    /** The oldest version still in the log, if any. */
    public OptionalLong oldestVersion(Handle h) {
        Long oldest = h.createQuery("select min(version) from statusstream_change_log").mapTo(Long.class).one();
        return oldest == null ? OptionalLong.empty() : OptionalLong.of(oldest);
    }
}
