package dev.statusstream.notify.internal;

import dev.statusstream.Incident;
import dev.statusstream.NotificationEvent;
import dev.statusstream.Snapshot;
import dev.statusstream.store.internal.Database;
import dev.statusstream.store.internal.IncidentRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Makes the reminder of each maintenance window that starts within the reminder lead, once, whichever
 * node looks first: the notification's once-key is the window's id and start, so a second node's insert
 * does nothing, and a window moved to another time gets a reminder for its new start. A window scheduled
 * less than the lead before it starts gets none (its "scheduled" notice came moments ago). Thread-safe.
 */
public final class Reminders {
    private final Database database;
    private final IncidentRepository incidents;
    private final Outbox outbox;

    public Reminders(Database database, IncidentRepository incidents, Outbox outbox) {
        this.database = database;
        this.incidents = incidents;
        this.outbox = outbox;
    }

    /** Makes the reminders due at {@code now}; returns how many deliveries they queued. */
    public int remind(Instant now, Duration lead) {
        List<String> due = database.transact("looking for maintenance reminders", h -> h.createQuery("""
                select i.slug from statusstream_incidents i
                where i.kind = 'maintenance' and i.state = 'scheduled'
                  and i.scheduled_for > :now and i.scheduled_for <= :horizon
                  and i.published_at <= i.scheduled_for - make_interval(secs => :lead)
                  and not exists (select 1 from statusstream_notifications n
                                  where n.once_key = 'reminder:' || i.id || ':' || (extract(epoch from i.scheduled_for) * 1000)::bigint)""")
                .bind("now", now)
                .bind("horizon", now.plus(lead))
                .bind("lead", (double) lead.toSeconds())
                .mapTo(String.class)
                .list());
        if (due.isEmpty()) {
            return 0;
        }
        Snapshot snapshot = database.snapshot();
        int queued = 0;
        for (String slug : due) {
            queued += Math.max(0, database.transact("making a maintenance reminder", h -> {
                Incident incident = incidents.findBySlug(h, slug).orElse(null);
                if (incident == null || incident.scheduledFor() == null) {
                    return 0;
                }
                String onceKey = "reminder:" + incident.id() + ":" + incident.scheduledFor().toEpochMilli();
                return outbox.add(h, NotificationEvent.MAINTENANCE_REMINDER, incident.slug(), null,
                        incident.affectedServiceIds(), snapshot, incident, null, null, now, onceKey);
            }));
        }
        return queued;
    }
}
