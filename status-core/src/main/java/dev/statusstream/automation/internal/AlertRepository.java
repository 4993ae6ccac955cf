package dev.statusstream.automation.internal;

import dev.statusstream.Status;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** The SQL of firing alerts. Stateless, so thread-safe. */
final class AlertRepository {
    private AlertRepository() {
    }

    /** The firing alerts of a service, as what each says. */
    static List<Verdicts.Say> firing(Handle h, String serviceId) {
        return h.createQuery("""
                select status, name, source, summary from statusstream_alerts where service_id = :service
                order by started_at, source, fingerprint""")
                .bind("service", serviceId)
                .map((rs, ctx) -> new Verdicts.Say(Status.parse(rs.getString("status")),
                        "alert " + rs.getString("name") + " (" + rs.getString("source") + ")"
                                + (rs.getString("summary") == null ? "" : ": " + rs.getString("summary"))))
                .list();
    }

    /** What recording a firing alert did. */
    enum Fired {
        /** It was not firing before. */
        STARTED,
        /** It was firing, and its service, status or summary changed. */
        CHANGED,
        /** It was firing as it is. */
        SAME
    }

    /** Records a firing alert. */
    static Fired fire(Handle h, AlertPayload.Alert a, String source, Instant now) {
        return h.createQuery("""
                insert into statusstream_alerts (source, fingerprint, service_id, status, name, summary, started_at)
                values (:source, :fingerprint, :service, :status, :name, :summary, :now)
                on conflict (source, fingerprint) do update set service_id = excluded.service_id, status = excluded.status,
                    name = excluded.name, summary = excluded.summary
                where statusstream_alerts.service_id <> excluded.service_id or statusstream_alerts.status <> excluded.status
                   or statusstream_alerts.summary is distinct from excluded.summary
                returning (xmax = 0) as inserted""")
                .bind("source", source).bind("fingerprint", a.fingerprint()).bind("service", a.serviceId())
                .bind("status", a.status().wireName()).bind("name", a.name()).bind("summary", a.summary()).bind("now", now)
                .mapTo(Boolean.class).findOne().map(inserted -> inserted ? Fired.STARTED : Fired.CHANGED).orElse(Fired.SAME);
    }

    static boolean isFiring(Handle h, String source, String fingerprint) {
        return h.createQuery("select 1 from statusstream_alerts where source = :source and fingerprint = :fingerprint")
                .bind("source", source).bind("fingerprint", fingerprint).mapTo(Integer.class).findOne().isPresent();
    }

    static boolean anyFiring(Handle h, String serviceId) {
        return h.createQuery("select 1 from statusstream_alerts where service_id = :service limit 1")
                .bind("service", serviceId).mapTo(Integer.class).findOne().isPresent();
    }

    /** Resolves an alert; the service it was firing on, if it was. */
    static List<String> resolve(Handle h, AlertPayload.Alert a, String source) {
        return h.createQuery("delete from statusstream_alerts where source = :source and fingerprint = :fingerprint returning service_id")
                .bind("source", source).bind("fingerprint", a.fingerprint()).mapTo(String.class).list();
    }

    static boolean serviceExists(Handle h, String serviceId) {
        return h.createQuery("select 1 from statusstream_services where id = :id").bind("id", serviceId)
                .mapTo(Integer.class).findOne().isPresent();
    }
}
