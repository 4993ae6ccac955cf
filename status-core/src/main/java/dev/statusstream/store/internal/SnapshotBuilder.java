package dev.statusstream.store.internal;

import dev.statusstream.Incident;
import dev.statusstream.Service;
import dev.statusstream.Snapshot;
import dev.statusstream.StatusLabel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Builds the snapshot from the database, bounded in size: every service, then open incidents,
 * maintenance not yet completed and incidents resolved within the recent window, at most
 * {@value #MAX_INCIDENTS} incidents with at most {@value #MAX_UPDATES} updates each. Stateless.
 */
public final class SnapshotBuilder {
    /** Most incidents in one snapshot. Older ones are on the history page. */
    public static final int MAX_INCIDENTS = 50;
    /** Most updates per incident in one snapshot. The incident page shows them all. */
    public static final int MAX_UPDATES = 50;

    private final ServiceRepository services;
    private final IncidentRepository incidents;
    private final Duration recentIncidents;
    private final BrandingRepository branding;

    public SnapshotBuilder(ServiceRepository services, IncidentRepository incidents, BrandingRepository branding,
            Duration recentIncidents) {
        this.services = services;
        this.incidents = incidents;
        this.branding = branding;
        this.recentIncidents = recentIncidents;
    }

    /** The snapshot at {@code version}; call it inside the transaction that sees exactly that version. */
    public Snapshot build(Handle h, long version, Instant now) {
        List<Service> all = services.all(h);
        List<Incident> current = incidents.current(h, now.minus(recentIncidents), MAX_INCIDENTS, MAX_UPDATES);
        StatusLabel label = StatusLabel.rollup(all.stream().map(Service::status).toList());
        return new Snapshot(label, all, current, version, now, branding.current(h));
    }
}
