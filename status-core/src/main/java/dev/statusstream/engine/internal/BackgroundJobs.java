package dev.statusstream.engine.internal;

import dev.statusstream.IncidentKind;
import dev.statusstream.Subscription;
import dev.statusstream.automation.internal.Monitors;
import dev.statusstream.events.internal.SnapshotFollower;
import dev.statusstream.maintenance.internal.MaintenanceScheduler;
import dev.statusstream.store.internal.Database;
import dev.statusstream.store.internal.EmailSubscriptions;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The jobs a node runs in the background while it runs the page (an observer runs none): maintenance
 * windows moved along at their times, unconfirmed email subscriptions expired, and its share of the
 * monitors' checks. All start in {@link #start} and stop in {@link #close}. The outbox's delivery is
 * started on its own, by whoever asks for it. Thread-safe.
 */
final class BackgroundJobs implements AutoCloseable {
    private final MaintenanceScheduler maintenance;
    private final EmailExpiry emailExpiry;
    private final Monitors monitors;
    private Subscription maintenanceWakes;
    private boolean started;

    /** @param timer shared with the engine's other timed work, for the sweeps of expired subscriptions */
    BackgroundJobs(MaintenanceScheduler maintenance, Monitors monitors, Database database, EmailSubscriptions emails,
            ScheduledExecutorService timer) {
        this.maintenance = maintenance;
        this.monitors = monitors;
        this.emailExpiry = new EmailExpiry(database, emails, timer);
    }

    /** Starts every job, once; {@code follower} tells the maintenance scheduler of new snapshots. */
    synchronized void start(SnapshotFollower follower) {
        if (started) {
            return;
        }
        started = true;
        // a window can only be due if the page shows one that is not over (windows beyond the snapshot's
        // bound are found by the scheduler's own periodic check); everything else needs no database read
        maintenanceWakes = follower.subscribe(snapshot -> {
            if (snapshot.incidents().stream().anyMatch(i -> i.kind() == IncidentKind.MAINTENANCE && i.isOpen())) {
                maintenance.wake();
            }
        });
        maintenance.start();
        emailExpiry.start();
        monitors.start();
    }

    @Override
    public synchronized void close() {
        if (maintenanceWakes != null) {
            maintenanceWakes.close();
        }
        maintenance.close();
        monitors.close();
        emailExpiry.close();
    }
}
