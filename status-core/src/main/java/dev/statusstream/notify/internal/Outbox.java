package dev.statusstream.notify.internal;

import dev.statusstream.ChangeEvent;
import dev.statusstream.ChangeType;
import dev.statusstream.EmailSignup;
import dev.statusstream.Incident;
import dev.statusstream.IncidentKind;
import dev.statusstream.NotificationEvent;
import dev.statusstream.Service;
import dev.statusstream.Snapshot;
import dev.statusstream.internal.Json;
import dev.statusstream.store.internal.AfterWrite;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Writes the notification of a change, and one queued delivery per subscriber it concerns, in the
 * change's own transaction: a committed change is never without them, a refused one has none, and a
 * change is one notification whichever process made it. Stateless; thread-safe.
 */
public final class Outbox implements AfterWrite {

    @Override
    public void written(Handle h, ChangeEvent change, Object value, Snapshot snapshot) {
        NotificationEvent event = eventOf(change, value);
        if (event == null) {
            return;
        }
        if (value instanceof Incident incident) {
            add(h, event, incident.slug(), change.version(), incident.affectedServiceIds(), snapshot, incident, null, null,
                    change.committedAt(), null);
        } else if (value instanceof Service service) {
            add(h, event, service.id(), change.version(), List.of(service.id()), snapshot, null, service,
                    previousStatus(h, service.id(), change.version()), change.committedAt(), null);
        }
    }

    /** The status a service had before the change at {@code version}, from its history; null for a new one. */
    private static String previousStatus(Handle h, String serviceId, long version) {
        return h.createQuery("""
                select status from statusstream_status_history where service_id = :id and version < :version
                order by started_at desc, id desc limit 1""")
                .bind("id", serviceId).bind("version", version)
                .mapTo(String.class).findOne().orElse(null);
    }

    /**
     * The notification a change makes, or null for changes nobody is told of (editing a service or an
     * incident's fields, reordering, adding or removing services, a postmortem, the branding).
     */
    static NotificationEvent eventOf(ChangeEvent change, Object value) {
        boolean maintenance = value instanceof Incident i && i.kind() == IncidentKind.MAINTENANCE;
        return switch (ChangeType.parse(change.type())) {
            case INCIDENT_OPENED -> maintenance ? NotificationEvent.MAINTENANCE_SCHEDULED : NotificationEvent.INCIDENT_OPENED;
            case INCIDENT_SCHEDULED -> NotificationEvent.MAINTENANCE_SCHEDULED;
            case INCIDENT_UPDATED -> maintenance ? NotificationEvent.MAINTENANCE_UPDATED : NotificationEvent.INCIDENT_UPDATED;
            case INCIDENT_RESOLVED -> maintenance ? NotificationEvent.MAINTENANCE_COMPLETED : NotificationEvent.INCIDENT_RESOLVED;
            case INCIDENT_STARTED -> NotificationEvent.MAINTENANCE_STARTED;
            case INCIDENT_COMPLETED -> NotificationEvent.MAINTENANCE_COMPLETED;
            case SERVICE_STATUS -> value instanceof Service ? NotificationEvent.SERVICE_STATUS : null;
            // a postmortem and the branding are read on the page, not sent
            case SERVICE_CREATED, SERVICE_UPDATED, SERVICE_DELETED, SERVICE_REORDERED, INCIDENT_EDITED, INCIDENT_POSTMORTEM,
                    PAGE_BRANDING -> null;
        };
    }

    /**
     * Queues the mail a subscription request calls for (the confirmation, or the notice that the address
     * is subscribed already) in the request's own transaction, to that subscriber alone: any node with
     * mail settings sends it, with the same {@code Message-ID} on every try, so a node dying after its
     * answer loses nothing. An older one of these still waiting for its first try goes: its link would no
     * longer work, and one request is one mail.
     */
    public void subscriptionMail(Handle h, EmailSignup signup, Instant now) {
        NotificationEvent event = switch (signup.outcome()) {
            case CONFIRM -> NotificationEvent.SUBSCRIPTION_CONFIRM;
            case ALREADY_SUBSCRIBED -> NotificationEvent.SUBSCRIPTION_ALREADY;
            case LIMITED -> null;
        };
        if (event == null) {
            return;
        }
        h.createUpdate("""
                delete from statusstream_notifications n using statusstream_deliveries d
                where d.notification_id = n.id and d.subscriber_id = cast(:id as uuid) and d.state = 'queued' and d.attempts = 0
                  and n.event like 'subscription.%'""")
                .bind("id", signup.subscriberId()).execute();
        long id = h.createQuery("""
                insert into statusstream_notifications (event, subject, service_ids, payload, created_at)
                values (:event, :subject, :services, cast('{}' as json), :now) returning id""")
                .bind("event", event.wireName())
                .bind("subject", signup.subscriberId())
                .bindArray("services", String.class, signup.services())
                .bind("now", now)
                .mapTo(Long.class).one();
        h.createUpdate("""
                insert into statusstream_deliveries (id, notification_id, subscriber_id, state, attempts, next_attempt_at, created_at)
                values (gen_random_uuid(), :id, cast(:subscriber as uuid), 'queued', 0, :now, :now)""")
                .bind("id", id).bind("subscriber", signup.subscriberId()).bind("now", now).execute();
    }

    /**
     * Adds a notification and its deliveries.
     *
     * @param onceKey null, or a key that makes a second call with the same key do nothing (reminders)
     * @return the number of deliveries queued, or -1 when {@code onceKey} was already used
     */
    public int add(Handle h, NotificationEvent event, String subject, Long version, List<String> services,
            Snapshot snapshot, Incident incident, Service service, String previousStatus, Instant now, String onceKey) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("snapshot", snapshot);
        payload.put("incident", incident);
        payload.put("service", service);
        payload.put("previousStatus", previousStatus);
        // the notification and its deliveries in one statement: a write holds the page's version meanwhile
        return h.createQuery("""
                with notification as (
                  insert into statusstream_notifications (event, subject, version, service_ids, payload, created_at, once_key)
                  values (:event, :subject, :version, :services, cast(:payload as json), :now, :onceKey)
                  on conflict (once_key) do nothing
                  returning id),
                queued as (
                  insert into statusstream_deliveries (id, notification_id, subscriber_id, state, attempts, next_attempt_at, created_at)
                  select gen_random_uuid(), n.id, s.id, 'queued', 0, :now, :now
                  from notification n, statusstream_subscribers s
                  where s.state = 'active'
                    and (:serviceChange = false or s.service_changes)
                    and (s.service_ids is null or cardinality(cast(:services as text[])) = 0 or s.service_ids && cast(:services as text[]))
                  returning 1)
                select case when exists (select 1 from notification) then (select cast(count(*) as int) from queued) else -1 end""")
                .bind("event", event.wireName())
                .bind("subject", subject)
                .bind("version", version)
                .bindArray("services", String.class, services)
                .bind("payload", Json.write(payload))
                .bind("now", now)
                .bind("onceKey", onceKey)
                .bind("serviceChange", event == NotificationEvent.SERVICE_STATUS)
                .mapTo(Integer.class)
                .one();
    }
}
