package dev.statusstream.store.internal;

import dev.statusstream.NotFoundException;
import dev.statusstream.Service;
import dev.statusstream.Status;
import dev.statusstream.StatusPeriod;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for services and their status history. Stateless; every method runs on the caller's handle. */
public final class ServiceRepository {

    public List<Service> all(Handle h) {
        return h.createQuery("select * from statusstream_services order by position, id").map(ServiceRepository::service).list();
    }

    public Optional<Service> find(Handle h, String id) {
        return h.createQuery("select * from statusstream_services where id = :id").bind("id", id).map(ServiceRepository::service).findOne();
    }

    public Service require(Handle h, String id, String field) {
        return find(h, id).orElseThrow(() -> new NotFoundException(field, "no service with id '" + id + "'"));
    }

    /** Ids from {@code ids} that are not services, in the given order. */
    public List<String> missing(Handle h, List<String> ids) {
        return h.createQuery("""
                select wanted.id from unnest(cast(:ids as text[])) with ordinality as wanted(id, n)
                where not exists (select 1 from statusstream_services s where s.id = wanted.id) order by wanted.n""")
                .bindArray("ids", String.class, ids)
                .mapTo(String.class).list();
    }

    public int nextPosition(Handle h) {
        return h.createQuery("select coalesce(max(position) + 1, 0) from statusstream_services").mapTo(Integer.class).one();
    }

    public void insert(Handle h, Service s, Instant createdAt) {
        h.createUpdate("""
                insert into statusstream_services (id, category, label, description, position, status, status_summary,
                                      status_since, created_at, updated_at)
                values (:id, :category, cast(:label as jsonb), cast(:description as jsonb), :position, :status,
                        cast(:summary as jsonb), :since, :createdAt, :updatedAt)""")
                .bind("createdAt", createdAt)
                .bindMap(fields(s))
                .execute();
    }

    public void update(Handle h, Service s) {
        h.createUpdate("""
                update statusstream_services set category = :category, label = cast(:label as jsonb),
                       description = cast(:description as jsonb), position = :position, status = :status,
                       status_summary = cast(:summary as jsonb), status_since = :since, updated_at = :updatedAt
                where id = :id""")
                .bindMap(fields(s))
                .execute();
    }

    /** The named parameters of a service row, shared by insert and update. */
    private static Map<String, Object> fields(Service s) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("id", s.id());
        fields.put("category", s.category());
        fields.put("label", Rows.json(s.label()));
        fields.put("description", Rows.json(s.description()));
        fields.put("position", s.position());
        fields.put("status", s.status().wireName());
        fields.put("summary", Rows.json(s.statusSummary()));
        fields.put("since", s.statusSince());
        fields.put("updatedAt", s.updatedAt());
        return fields;
    }

    public void delete(Handle h, String id) {
        h.createUpdate("delete from statusstream_services where id = :id").bind("id", id).execute();
    }

    public void recordStatus(Handle h, Service s, long version) {
        h.createUpdate("""
                insert into statusstream_status_history (service_id, status, summary, started_at, version)
                values (:id, :status, cast(:summary as jsonb), :startedAt, :version)""")
                .bind("id", s.id())
                .bind("status", s.status().wireName())
                .bind("summary", Rows.json(s.statusSummary()))
                .bind("startedAt", s.statusSince())
                .bind("version", version)
                .execute();
    }

    /**
     * The status periods of a service that overlap {@code [from, to)}, oldest first, including the
     * period that was current at {@code from}. The newest period has a null end.
     */
    public List<StatusPeriod> periods(Handle h, String serviceId, Instant from, Instant to) {
        return h.createQuery("""
                select * from (
                    select status, summary, started_at,
                           lead(started_at) over (order by started_at, id) as ended_at
                    from statusstream_status_history where service_id = :id) p
                where started_at < :to and (ended_at is null or ended_at > :from)
                order by started_at""")
                .bind("id", serviceId)
                .bind("from", from)
                .bind("to", to)
                .map((rs, ctx) -> new StatusPeriod(Status.parse(rs.getString("status")), Rows.text(rs, "summary"),
                        Rows.instant(rs, "started_at"), Rows.instant(rs, "ended_at")))
                .list();
    }

    static Service service(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        return new Service(
                rs.getString("id"),
                rs.getString("category"),
                Rows.text(rs, "label"),
                Rows.text(rs, "description"),
                rs.getInt("position"),
                Status.parse(rs.getString("status")),
                Rows.text(rs, "status_summary"),
                Rows.instant(rs, "status_since"),
                Rows.instant(rs, "updated_at"));
    }
}
