package dev.statusstream.store.internal;

import dev.statusstream.Incident;
import dev.statusstream.LocalizedText;
import dev.statusstream.Service;
import dev.statusstream.Status;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * What an active maintenance window does to its services: while the window is in progress (or being
 * verified) each affected service is {@code maintenance}, with the window's title as its summary; when
 * the window ends each is restored to the status and summary it had before, unless an operator set
 * another status in the meantime (their word stands for this window; a window that starts later puts
 * the service into maintenance again and restores the operator's status), or another active window
 * still covers it.
 * Runs inside a write transaction; the SQL for {@code statusstream_maintenance_effects} lives here. Stateless.
 */
public final class MaintenanceEffects {
    private final ServiceRepository services;
    private final ServiceWrites serviceWrites;

    public MaintenanceEffects(ServiceRepository services, ServiceWrites serviceWrites) {
        this.services = services;
        this.serviceWrites = serviceWrites;
    }

    /** Puts {@code serviceIds} under the window's maintenance, remembering what each was. */
    public void apply(WriteTx tx, Incident window, Collection<String> serviceIds) {
        for (String id : serviceIds) {
            Optional<Service> service = services.find(tx.handle(), id);
            if (service.isEmpty() || prior(tx, window.id(), id).isPresent()) {
                continue;
            }
            // another active window already holds the service: inherit what it remembered and change
            // nothing, unless an operator has set another status since (then this window takes it over)
            Optional<Prior> held = heldBy(tx, id).filter(p -> service.get().status() == Status.MAINTENANCE);
            Prior prior = held.orElse(new Prior(service.get().status(), service.get().statusSummary()));
            tx.handle().createUpdate("""
                    insert into statusstream_maintenance_effects (incident_id, service_id, prior_status, prior_summary, applied_version)
                    values (cast(:incident as uuid), :service, :status, cast(:summary as jsonb), :version)""")
                    .bind("incident", window.id())
                    .bind("service", id)
                    .bind("status", prior.status().wireName())
                    .bind("summary", Rows.json(prior.summary()))
                    .bind("version", tx.version())
                    .execute();
            if (held.isEmpty()) {
                // titles (at most MAX_TITLE) always fit a summary (MAX_SUMMARY)
                serviceWrites.setStatus(tx, id, Status.MAINTENANCE, window.title());
            }
        }
    }

    /** Ends the window's hold on {@code serviceIds}, restoring each service that nothing else holds. */
    public void restore(WriteTx tx, Incident window, Collection<String> serviceIds) {
        for (String id : serviceIds) {
            Optional<Prior> prior = prior(tx, window.id(), id);
            if (prior.isEmpty()) {
                continue;
            }
            tx.handle().createUpdate("delete from statusstream_maintenance_effects where incident_id = cast(:incident as uuid) and service_id = :service")
                    .bind("incident", window.id()).bind("service", id).execute();
            Optional<Service> service = services.find(tx.handle(), id);
            if (heldBy(tx, id).isEmpty() && service.isPresent() && service.get().status() == Status.MAINTENANCE) {
                serviceWrites.setStatus(tx, id, prior.get().status(), prior.get().summary());
            }
        }
    }

    private Optional<Prior> prior(WriteTx tx, String incidentId, String serviceId) {
        return tx.handle().createQuery("""
                select prior_status, prior_summary::text as prior_summary from statusstream_maintenance_effects
                where incident_id = cast(:incident as uuid) and service_id = :service""")
                .bind("incident", incidentId)
                .bind("service", serviceId)
                .map(MaintenanceEffects::prior)
                .findOne();
    }

    /** What the earliest active window holding the service remembered, if any window holds it. */
    private Optional<Prior> heldBy(WriteTx tx, String serviceId) {
        return tx.handle().createQuery("""
                select prior_status, prior_summary::text as prior_summary from statusstream_maintenance_effects
                where service_id = :service order by applied_version limit 1""")
                .bind("service", serviceId)
                .map(MaintenanceEffects::prior)
                .findOne();
    }

    private static Prior prior(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Prior(Status.parse(rs.getString("prior_status")), Rows.text(rs, "prior_summary"));
    }

    private record Prior(Status status, LocalizedText summary) {
    }
}
