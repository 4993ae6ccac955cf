package dev.statusstream.store.internal;

import dev.statusstream.Incident;
import dev.statusstream.IncidentKind;
import dev.statusstream.IncidentState;
import dev.statusstream.IncidentUpdate;
import dev.statusstream.LocalizedText;
import dev.statusstream.NotFoundException;
import dev.statusstream.Postmortem;
import dev.statusstream.Status;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for incidents and their updates. Stateless; every method runs on the caller's handle. */
public final class IncidentRepository {
    private static final String NIL_ID = "00000000-0000-0000-0000-000000000000";

    public Optional<Incident> findBySlug(Handle h, String slug) {
        return h.createQuery("select * from statusstream_incidents where slug = :slug").bind("slug", slug)
                .map(IncidentRepository::incident).findOne()
                .map(i -> withUpdates(h, List.of(i), Integer.MAX_VALUE).get(0));
    }

    public Incident requireBySlug(Handle h, String slug) {
        return findBySlug(h, slug).orElseThrow(() -> new NotFoundException("slug", "no incident with slug '" + slug + "'"));
    }

    /** Those of {@code slugs} that are taken, in one read. */
    public Set<String> takenSlugs(Handle h, List<String> slugs) {
        return new HashSet<>(h.createQuery("select slug from statusstream_incidents where slug = any(cast(:slugs as text[]))")
                .bindArray("slugs", String.class, slugs)
                .mapTo(String.class).list());
    }

    public boolean slugExists(Handle h, String slug) {
        return h.createQuery("select exists (select 1 from statusstream_incidents where slug = :slug)").bind("slug", slug)
                .mapTo(Boolean.class).one();
    }

    /**
     * What the snapshot shows: open incidents, maintenance not yet completed, and incidents that ended
     * after {@code endedAfter}, at most {@code limit}, each with at most {@code maxUpdates} updates (newest
     * first). In the order a reader wants them, which is also what the limit cuts last: open incidents,
     * newest first; then maintenance in progress, then upcoming maintenance, each by window start, soonest
     * first; then ended ones, the most recently ended first.
     */
    public List<Incident> current(Handle h, Instant endedAfter, int limit, int maxUpdates) {
        List<Incident> incidents = h.createQuery("""
                select * from statusstream_incidents
                where resolved_at is null or resolved_at > :endedAfter
                order by case when resolved_at is not null then 3
                              when kind <> 'maintenance' then 0
                              when state = 'scheduled' then 2
                              else 1 end,
                  case when resolved_at is null and kind = 'maintenance' then scheduled_for end,
                  case when resolved_at is null and kind <> 'maintenance' then started_at end desc,
                  resolved_at desc, id
                limit :limit""")
                .bind("endedAfter", endedAfter)
                .bind("limit", limit)
                .map(IncidentRepository::incident).list();
        return withUpdates(h, incidents, maxUpdates);
    }

    /**
     * Incidents that come after the cursor {@code (before, beforeId)} in the order newest start first, then
     * id descending (keyset paging: items sharing a start time are neither skipped nor repeated from page to
     * page); any state, with all their updates. A null {@code beforeId} means every incident that started
     * strictly before {@code before}.
     */
    public List<Incident> startedBefore(Handle h, Instant before, String beforeId, IncidentKind kind, int limit) {
        // (start, id) < (before, nil uuid) is start < before: no id sorts below the nil uuid
        List<Incident> incidents = h.createQuery("""
                select * from statusstream_incidents
                where (coalesce(scheduled_for, started_at), id) < (:before, cast(:beforeId as uuid))
                  and (cast(:kind as text) is null or kind = :kind)
                order by coalesce(scheduled_for, started_at) desc, id desc limit :limit""")
                .bind("before", before)
                .bind("beforeId", beforeId == null ? NIL_ID : beforeId)
                .bind("kind", kind == null ? null : kind.wireName())
                .bind("limit", limit)
                .map(IncidentRepository::incident).list();
        return withUpdates(h, incidents, Integer.MAX_VALUE);
    }

    /** Slugs of maintenance windows whose state should move because of the clock (due to start or to end). */
    public List<String> maintenanceDue(Handle h, Instant now) {
        return h.createQuery("""
                select slug from statusstream_incidents where kind = 'maintenance'
                  and ((state = 'scheduled' and scheduled_for <= :now)
                    or (state in ('inProgress', 'verifying') and scheduled_until <= :now))
                order by scheduled_for, slug""")
                .bind("now", now)
                .mapTo(String.class).list();
    }

    /** When the next maintenance window is due to start or end, if any is pending. */
    public Optional<Instant> nextMaintenanceDue(Handle h) {
        return h.createQuery("""
                select min(case when state = 'scheduled' then scheduled_for else scheduled_until end) as due
                from statusstream_incidents where kind = 'maintenance' and state in ('scheduled', 'inProgress', 'verifying')""")
                .map((rs, ctx) -> Rows.instant(rs, "due"))
                .findOne();
    }

    public void insert(Handle h, Incident i) {
        h.createUpdate("""
                insert into statusstream_incidents (id, slug, kind, impact, state, affected_service_ids, title, description, cause,
                    external_link, published_at, started_at, updated_at, resolved_at, estimated_resolve_date,
                    scheduled_for, scheduled_until)
                values (cast(:id as uuid), :slug, :kind, :impact, :state, :services, cast(:title as jsonb),
                    cast(:description as jsonb), cast(:cause as jsonb), :externalLink, :publishedAt, :startedAt,
                    :updatedAt, :resolvedAt, :estimatedResolveDate, :scheduledFor, :scheduledUntil)""")
                .bind("slug", i.slug())
                .bind("kind", i.kind().wireName())
                .bind("publishedAt", i.publishedAt())
                .bindArray("services", String.class, i.affectedServiceIds())
                .bindMap(mutableFields(i))
                .execute();
    }

    /** Stores the mutable fields of an incident (everything but id, slug, kind and publishedAt). */
    public void update(Handle h, Incident i) {
        h.createUpdate("""
                update statusstream_incidents set impact = :impact, state = :state, affected_service_ids = :services,
                    title = cast(:title as jsonb), description = cast(:description as jsonb),
                    cause = cast(:cause as jsonb), external_link = :externalLink, started_at = :startedAt,
                    updated_at = :updatedAt, resolved_at = :resolvedAt,
                    estimated_resolve_date = :estimatedResolveDate,
                    scheduled_for = :scheduledFor, scheduled_until = :scheduledUntil
                where id = cast(:id as uuid)""")
                .bindArray("services", String.class, i.affectedServiceIds())
                .bindMap(mutableFields(i))
                .execute();
    }

    /** The named parameters of what an incident may change after it is opened (and its id). */
    private static Map<String, Object> mutableFields(Incident i) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("id", i.id());
        fields.put("title", Rows.json(i.title()));
        fields.put("description", Rows.json(i.description()));
        fields.put("startedAt", i.startedAt());
        fields.put("scheduledFor", i.scheduledFor());
        fields.put("scheduledUntil", i.scheduledUntil());
        fields.put("impact", i.impact().wireName());
        fields.put("state", i.state().wireName());
        fields.put("cause", Rows.jsonOrNull(i.cause()));
        fields.put("externalLink", i.externalLink());
        fields.put("updatedAt", i.updatedAt());
        fields.put("resolvedAt", i.resolvedAt());
        fields.put("estimatedResolveDate", i.estimatedResolveDate());
        return fields;
    }

    public void insertUpdate(Handle h, String incidentId, IncidentUpdate u, long version) {
        h.createUpdate("""
                insert into statusstream_incident_updates (id, incident_id, status, body, created_at, version)
                values (cast(:id as uuid), cast(:incidentId as uuid), :status, cast(:body as jsonb), :createdAt, :version)""")
                .bind("id", u.id())
                .bind("incidentId", incidentId)
                .bind("status", u.status().wireName())
                .bind("body", Rows.json(u.body()))
                .bind("createdAt", u.createdAt())
                .bind("version", version)
                .execute();
    }

    /** Fills in the updates of each incident (newest first, at most {@code maxUpdates} each) in one query. */
    private List<Incident> withUpdates(Handle h, List<Incident> incidents, int maxUpdates) {
        if (incidents.isEmpty()) {
            return incidents;
        }
        Map<String, List<IncidentUpdate>> byIncident = new HashMap<>();
        h.createQuery("""
                select * from (
                    select u.*, row_number() over (partition by incident_id order by version desc) as n
                    from statusstream_incident_updates u where incident_id = any(cast(:ids as uuid[]))) ranked
                where n <= :max order by incident_id, version desc""")
                .bindArray("ids", String.class, incidents.stream().map(Incident::id).toList())
                .bind("max", maxUpdates)
                .map((rs, ctx) -> new UpdateRow(rs.getString("incident_id"), new IncidentUpdate(
                        rs.getString("id"), IncidentState.parse(rs.getString("status")),
                        Rows.text(rs, "body"), Rows.instant(rs, "created_at"))))
                .forEach(row -> byIncident.computeIfAbsent(row.incidentId(), k -> new ArrayList<>()).add(row.update()));
        return incidents.stream().map(i -> withUpdates(i, byIncident.getOrDefault(i.id(), List.of()))).toList();
    }

    private record UpdateRow(String incidentId, IncidentUpdate update) {
    }

    static Incident withUpdates(Incident i, List<IncidentUpdate> updates) {
        return new Incident(i.id(), i.slug(), i.kind(), i.impact(), i.state(), i.affectedServiceIds(), i.title(),
                i.description(), i.publishedAt(), i.startedAt(), i.updatedAt(), i.resolvedAt(),
                i.estimatedResolveDate(), i.scheduledFor(), i.scheduledUntil(), i.cause(), i.externalLink(), updates,
                i.postmortem());
    }

    static Incident incident(ResultSet rs, StatementContext ctx) throws SQLException {
        String[] services = (String[]) rs.getArray("affected_service_ids").getArray();
        return new Incident(
                rs.getString("id"),
                rs.getString("slug"),
                IncidentKind.parse(rs.getString("kind")),
                Status.parse(rs.getString("impact")),
                IncidentState.parse(rs.getString("state")),
                Arrays.asList(services),
                Rows.text(rs, "title"),
                Rows.text(rs, "description"),
                Rows.instant(rs, "published_at"),
                Rows.instant(rs, "started_at"),
                Rows.instant(rs, "updated_at"),
                Rows.instant(rs, "resolved_at"),
                Rows.instant(rs, "estimated_resolve_date"),
                Rows.instant(rs, "scheduled_for"),
                Rows.instant(rs, "scheduled_until"),
                Rows.text(rs, "cause"),
                rs.getString("external_link"),
                List.of(),
                postmortem(rs));
    }

    private static Postmortem postmortem(ResultSet rs) throws SQLException {
        LocalizedText body = Rows.text(rs, "postmortem");
        return body == null ? null
                : new Postmortem(body, Rows.instant(rs, "postmortem_published_at"), Rows.instant(rs, "postmortem_updated_at"));
    }

    /** Stores an incident's postmortem, or removes it when {@code postmortem} is null. */
    public void setPostmortem(Handle h, String incidentId, Postmortem postmortem) {
        h.createUpdate("""
                update statusstream_incidents set postmortem = cast(:body as jsonb),
                    postmortem_published_at = :publishedAt, postmortem_updated_at = :updatedAt
                where id = cast(:id as uuid)""")
                .bind("id", incidentId)
                .bind("body", postmortem == null ? null : Rows.json(postmortem.body()))
                .bind("publishedAt", postmortem == null ? null : postmortem.publishedAt())
                .bind("updatedAt", postmortem == null ? null : postmortem.updatedAt())
                .execute();
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }
}
