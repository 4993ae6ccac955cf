package dev.statusstream.automation.internal;

import dev.statusstream.Actor;
import dev.statusstream.Change;
import dev.statusstream.Incident;
import dev.statusstream.IncidentKind;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.store.internal.Database;
import dev.statusstream.store.internal.IncidentRepository;
import dev.statusstream.store.internal.IncidentWrites;
import dev.statusstream.store.internal.NothingToCommit;
import dev.statusstream.store.internal.WriteTx;
import dev.statusstream.store.internal.Written;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * Incidents that alerts open by themselves, when the integration asks for it: an alert that starts firing
 * on a service that automation may set (automatic, not under maintenance) and that has no open incident
 * opens one, as the tool. When no alert fires on the service any more, automation resolves the incidents it
 * opened there, unless anyone else has written to them since: then they are that person's. Every check is
 * made again inside the write, under the page's version lock, so two nodes receiving alerts at once open
 * one incident. Thread-safe.
 */
public final class AlertIncidents {
    /** Commits a write of the page, or nothing when it throws {@link NothingToCommit}. */
    public interface Writer {
        Optional<Change<Incident>> write(Actor actor, Function<WriteTx, Written<Incident>> work);
    }

    private static final int MAX_TITLE = IncidentWrites.MAX_TITLE;
    private final Database database;
    private final IncidentRepository incidents;
    private final IncidentWrites incidentWrites;
    private final String language;
    private final Writer writer;

    public AlertIncidents(Database database, IncidentRepository incidents, IncidentWrites incidentWrites, String language,
            Writer writer) {
        this.database = database;
        this.incidents = incidents;
        this.incidentWrites = incidentWrites;
        this.language = language;
        this.writer = writer;
    }

    /** Opens an incident for an alert that just started firing, if the service has none open and automation may act. */
    Optional<Change<Incident>> open(String source, AlertPayload.Alert alert) {
        return writer.write(Actor.integration(source), tx -> {
            Handle h = tx.handle();
            if (!AlertRepository.isFiring(h, source, alert.fingerprint())) {
                throw new NothingToCommit("the alert resolved meanwhile");
            }
            if (!automationMayAct(h, alert.serviceId())) {
                throw new NothingToCommit("service " + alert.serviceId() + " is set by hand or under maintenance");
            }
            if (hasOpenIncident(h, alert.serviceId())) {
                throw new NothingToCommit("service " + alert.serviceId() + " has an open incident");
            }
            String title = alert.summary() != null ? alert.summary() : alert.name();
            String detail = alert.description() != null ? alert.description() : alert.summary();
            String body = "Opened automatically by alert " + alert.name() + " (" + source + ")" + (detail == null ? "." : ": " + detail);
            var incident = new NewIncident(LocalizedText.of(language, shorten(title, MAX_TITLE)), alert.status(),
                    List.of(alert.serviceId()), LocalizedText.of(language, shorten(body, IncidentWrites.MAX_BODY)), IncidentKind.INCIDENT,
                    null, null, null, null, null, null, null);
            Written<Incident> opened = incidentWrites.open(tx, incident);
            h.createUpdate("""
                    insert into statusstream_alert_incidents (slug, service_id, source, opened_at)
                    values (:slug, :service, :source, :now)""")
                    .bind("slug", opened.value().slug()).bind("service", alert.serviceId()).bind("source", source)
                    .bind("now", tx.now()).execute();
            return opened;
        });
    }

    /**
     * Resolves the incidents alerts opened on the service once no alert fires there, each only if nobody
     * else has written to it since it was opened.
     *
     * @param last the alert whose resolution this follows, named in the resolving update
     */
    void resolveIfQuiet(String serviceId, String last) {
        List<String[]> links = database.bookkeeping(h -> {
            // an incident resolved by anyone needs no more watching
            h.createUpdate("""
                    delete from statusstream_alert_incidents l using statusstream_incidents i
                    where l.slug = i.slug and l.service_id = :service and i.state in ('resolved', 'completed')""")
                    .bind("service", serviceId).execute();
            return h.createQuery("select slug, source from statusstream_alert_incidents where service_id = :service order by slug")
                    .bind("service", serviceId).map((rs, ctx) -> new String[] {rs.getString("slug"), rs.getString("source")}).list();
        });
        for (String[] link : links) {
            String slug = link[0];
            Actor actor = Actor.integration(link[1]);
            writer.write(actor, tx -> {
                Handle h = tx.handle();
                if (AlertRepository.anyFiring(h, serviceId)) {
                    throw new NothingToCommit("alerts still fire on " + serviceId);
                }
                Incident incident = incidents.findBySlug(h, slug).orElse(null);
                if (incident == null || !incident.isOpen()) {
                    throw new NothingToCommit("incident " + slug + " is not open");
                }
                if (writtenByOthers(h, slug, actor)) {
                    throw new NothingToCommit("someone else has written to incident " + slug);
                }
                Written<Incident> resolved = incidentWrites.resolve(tx, slug, LocalizedText.of(language,
                        "Resolved automatically: no alert fires on this service any more (the last, " + last + ", has resolved)."));
                h.createUpdate("delete from statusstream_alert_incidents where slug = :slug").bind("slug", slug).execute();
                return resolved;
            });
        }
    }

    private static boolean automationMayAct(Handle h, String serviceId) {
        return h.createQuery("""
                select s.control = 'automatic'
                       and not exists (select 1 from statusstream_maintenance_effects e where e.service_id = s.id)
                from statusstream_services s where s.id = :id""")
                .bind("id", serviceId).mapTo(Boolean.class).findOne().orElse(false);
    }

    private static boolean hasOpenIncident(Handle h, String serviceId) {
        return h.createQuery("""
                select 1 from statusstream_incidents
                where kind = 'incident' and state <> 'resolved' and :service = any (affected_service_ids) limit 1""")
                .bind("service", serviceId).mapTo(Integer.class).findOne().isPresent();
    }

    /** Whether any change to the incident was made by another actor than the tool that opened it. */
    private static boolean writtenByOthers(Handle h, String slug, Actor actor) {
        return h.createQuery("""
                select 1 from statusstream_change_log
                where subject = :slug and type like 'incident.%' and actor is distinct from :actor limit 1""")
                .bind("slug", slug).bind("actor", actor.toString()).mapTo(Integer.class).findOne().isPresent();
    }

    private static String shorten(String text, int max) {
        return text.length() > max ? text.substring(0, max - 1) + "…" : text;
    }
}
