package dev.statusstream.store.internal;

import dev.statusstream.AuditEntry;
import dev.statusstream.AuditPage;
import dev.statusstream.AuditQuery;
import dev.statusstream.HoldsSecret;
import dev.statusstream.StatusException;
import dev.statusstream.internal.Json;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQL for the audit log: append and read, nothing else (the table refuses updates and deletes itself).
 * Stateless; every method runs on the caller's handle.
 */
public final class AuditRepository {
    private static final Logger log = LoggerFactory.getLogger(AuditRepository.class);

    /**
     * The insert of one entry, for a statement that makes it together with other work (a page write makes
     * its change, its audit entry and its signal in one round trip). Bind it with {@link #bind}.
     */
    static final String INSERT = """
            insert into statusstream_audit_log (at, actor, action, target, before, after, address, version)
            values (:at, :actor, :action, :target, cast(:before as jsonb), cast(:after as jsonb), :address, :version)""";

    /** Appends one entry; {@code before} and {@code after} are written as JSON, secrets left out. */
    public void append(Handle h, Instant at, String actor, String action, String target, Object before, Object after,
            String address, long version) {
        bind(h.createUpdate(INSERT), at, actor, action, target, before, after, address, version).execute();
    }

    /** Binds {@link #INSERT}'s parameters. */
    static <S extends SqlStatement<S>> S bind(S statement, Instant at, String actor, String action, String target, Object before,
            Object after, String address, long version) {
        return statement.bind("at", at)
                .bind("actor", actor)
                .bind("action", action)
                .bind("target", target == null ? "" : target)
                .bind("before", json(before))
                .bind("after", json(after))
                .bind("address", address)
                .bind("version", version);
    }

    /** A page of entries, newest first. */
    public AuditPage page(Handle h, AuditQuery query) {
        StringBuilder sql = new StringBuilder("""
                select id, at, actor, action, target, before::text as before, after::text as after, address, version
                from statusstream_audit_log where true""");
        if (query.actor() != null) {
            sql.append(" and actor = :actor");
        }
        if (query.target() != null) {
            sql.append(" and target = :target");
        }
        if (query.before() != null) {
            sql.append(" and id < :before");
        }
        sql.append(" order by id desc limit :limit");
        Query select = h.createQuery(sql.toString()).bind("limit", query.limit() + 1);
        if (query.actor() != null) {
            select.bind("actor", query.actor());
        }
        if (query.target() != null) {
            select.bind("target", query.target());
        }
        if (query.before() != null) {
            select.bind("before", query.before());
        }
        List<AuditEntry> rows = select.map((rs, ctx) -> new AuditEntry(rs.getLong("id"), Rows.instant(rs, "at"),
                rs.getString("actor"), rs.getString("action"), rs.getString("target"), rs.getString("before"),
                rs.getString("after"), rs.getString("address"), rs.getLong("version"))).list();
        if (rows.size() > query.limit()) {
            List<AuditEntry> page = rows.subList(0, query.limit());
            return new AuditPage(page, page.getLast().id());
        }
        return new AuditPage(rows, null);
    }

    private static String json(Object value) {
        if (value == null) {
            return null;
        }
        Object shown = value instanceof HoldsSecret secret ? secret.withoutSecret() : value;
        try {
            return Json.write(shown);
        } catch (StatusException e) {
            // the write itself is fine: record that it happened, without the value
            log.warn("audit: {}", e.getMessage());
            return null;
        }
    }
}
