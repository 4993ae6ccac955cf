package dev.statusstream.notify.internal;

import dev.statusstream.Incident;
import dev.statusstream.Notification;
import dev.statusstream.NotificationEvent;
import dev.statusstream.Service;
import dev.statusstream.Snapshot;
import dev.statusstream.Status;
import dev.statusstream.internal.Json;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The SQL of the delivery queue: claiming, reading, and recording how each try ended. Stateless; thread-safe. */
final class DeliveryRepository {

    /**
     * Claims up to {@code limit} due deliveries for subscribers of these kinds: queued ones whose time
     * has come, and ones another node claimed whose lease ran out. Rows another transaction is claiming
     * right now are skipped, so two nodes never claim the same delivery.
     */
    List<Claimed> claim(Handle h, Collection<String> kinds, String owner, Instant now, Duration lease, int limit) {
        return h.createQuery("""
                with due as (
                    select d.id from statusstream_deliveries d
                    join statusstream_subscribers s on s.id = d.subscriber_id
                    where d.state in ('queued', 'sending') and d.next_attempt_at <= :now
                      and (d.lease_until is null or d.lease_until <= :now)
                      and s.kind = any(cast(:kinds as text[]))
                    order by d.next_attempt_at
                    limit :limit
                    for update of d skip locked)
                update statusstream_deliveries d
                set state = 'sending', attempts = d.attempts + 1, lease_owner = :owner, lease_until = :leaseUntil
                from due where d.id = due.id
                returning d.id, d.notification_id, d.subscriber_id, d.attempts, d.created_at""")
                .bindArray("kinds", String.class, kinds)
                .bind("owner", owner)
                .bind("now", now)
                .bind("leaseUntil", now.plus(lease))
                .bind("limit", limit)
                .map((rs, ctx) -> new Claimed(rs.getString("id"), rs.getLong("notification_id"), rs.getString("subscriber_id"),
                        rs.getInt("attempts"), instant(rs, "created_at")))
                .list();
    }

    Optional<Notification> notification(Handle h, long id) {
        return h.createQuery("select id, event, subject, service_ids, payload, created_at from statusstream_notifications where id = :id")
                .bind("id", id)
                .map((rs, ctx) -> notification(rs))
                .findOne();
    }

    private static Notification notification(ResultSet rs) throws SQLException {
        Payload payload = Json.read(rs.getString("payload"), Payload.class, "notification payload");
        return new Notification(rs.getLong("id"), NotificationEvent.parse(rs.getString("event")), rs.getString("subject"),
                strings(rs.getArray("service_ids")), instant(rs, "created_at"), payload.snapshot(), payload.incident(),
                payload.service(), payload.previousStatus());
    }

    /** The stored payload of a notification. */
    record Payload(Snapshot snapshot, Incident incident, Service service, Status previousStatus) {
    }

    /**
     * Delivered: done, and their subscribers work. Rows this node holds the lease of are recorded; a row
     * another node took over after the lease was delivered all the same, so it says so too.
     *
     * @return how many rows became sent
     */
    int delivered(Handle h, List<Claimed> sent, Instant now) {
        List<String> ids = sent.stream().map(Claimed::id).toList();
        int rows = h.createUpdate("""
                update statusstream_deliveries set state = 'sent', sent_at = :now, lease_owner = null, lease_until = null,
                    last_error = null
                where id = any(cast(:ids as uuid[])) and state <> 'sent'""")
                .bindArray("ids", String.class, ids).bind("now", now).execute();
        h.createUpdate("""
                update statusstream_subscribers set failing_since = null
                where id = any(cast(:ids as uuid[])) and failing_since is not null""")
                .bindArray("ids", String.class, sent.stream().map(Claimed::subscriberId).distinct().toList()).execute();
        return rows;
    }

    /** To be tried again at {@code next}. */
    boolean retry(Handle h, Claimed c, String owner, Instant next, String error) {
        return h.createUpdate("""
                update statusstream_deliveries set state = 'queued', next_attempt_at = :next, lease_owner = null,
                    lease_until = null, last_error = :error
                where id = cast(:id as uuid) and state = 'sending' and lease_owner = :owner""")
                .bind("id", c.id()).bind("next", next).bind("owner", owner).bind("error", error).execute() == 1;
    }

    /** Given up on. */
    boolean failed(Handle h, Claimed c, String owner, String error) {
        return h.createUpdate("""
                update statusstream_deliveries set state = 'failed', lease_owner = null, lease_until = null, last_error = :error
                where id = cast(:id as uuid) and state = 'sending' and lease_owner = :owner""")
                .bind("id", c.id()).bind("owner", owner).bind("error", error).execute() == 1;
    }

    /** Marks the subscriber failing (from {@code since}, unless it already was); returns since when it fails. */
    Instant failing(Handle h, String subscriberId, Instant since) {
        return h.createQuery("""
                update statusstream_subscribers set failing_since = coalesce(failing_since, :now)
                where id = cast(:id as uuid) returning failing_since""")
                .bind("id", subscriberId).bind("now", since)
                .map((rs, ctx) -> instant(rs, "failing_since")).findOne().orElse(since);
    }

    /** Disables an active subscriber and fails what was queued for it; false when it was not active. */
    boolean disable(Handle h, String subscriberId, Instant now, String reason) {
        int rows = h.createUpdate("""
                update statusstream_subscribers set state = 'disabled', disabled_at = :now, disabled_reason = :reason
                where id = cast(:id as uuid) and state = 'active'""")
                .bind("id", subscriberId).bind("now", now).bind("reason", reason).execute();
        h.createUpdate("""
                update statusstream_deliveries set state = 'failed', last_error = 'subscriber disabled'
                where subscriber_id = cast(:id as uuid) and state = 'queued'""")
                .bind("id", subscriberId).execute();
        return rows == 1;
    }

    /** The undelivered queue across every node: how many, how many retrying, and the oldest one's creation. */
    QueueState queue(Handle h) {
        return h.createQuery("""
                select count(*) as queued, count(*) filter (where attempts > 0 and state = 'queued') as retrying,
                    min(created_at) as oldest
                from statusstream_deliveries where state in ('queued', 'sending')""")
                .map((rs, ctx) -> new QueueState(rs.getLong("queued"), rs.getLong("retrying"), instant(rs, "oldest")))
                .one();
    }

    record QueueState(long queued, long retrying, Instant oldest) {
    }

    /** Deletes finished deliveries and their notifications older than {@code before}; returns how many deliveries. */
    int forget(Handle h, Instant before) {
        int deliveries = h.createUpdate("""
                delete from statusstream_deliveries where state in ('sent', 'failed') and created_at < :before""")
                .bind("before", before).execute();
        h.createUpdate("""
                delete from statusstream_notifications n where n.created_at < :before
                  and not exists (select 1 from statusstream_deliveries d where d.notification_id = n.id)""")
                .bind("before", before).execute();
        return deliveries;
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? null : List.of((String[]) array.getArray());
    }
}
