package dev.statusstream.notify.internal;

import dev.statusstream.Channel;
import dev.statusstream.DeliveryGate;
import dev.statusstream.DeliverySettings;
import dev.statusstream.DeliveryStats;
import dev.statusstream.Snapshot;
import dev.statusstream.SnapshotListener;
import dev.statusstream.Subscription;
import dev.statusstream.store.internal.Database;
import dev.statusstream.store.internal.IncidentRepository;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's delivery of the outbox: at most one {@link DeliveryWorker}, started by {@link #start}
 * (none when the settings say this node does not deliver),
 * woken by every new snapshot, and stopped by closing what {@code start} returned or by {@link #close}.
 * Thread-safe.
 */
public final class Deliveries implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);
    private static final DeliveryStats NONE = new DeliveryStats(0, 0, Duration.ZERO, 0, 0, 0, 0);

    private final Database database;
    private final Reminders reminders;
    private DeliveryWorker worker;

    public Deliveries(Database database, IncidentRepository incidents, Outbox outbox) {
        this.database = database;
        this.reminders = new Reminders(database, incidents, outbox);
    }

    /**
     * Starts delivering with these channels.
     *
     * @param gate      what each send waits at first
     * @param snapshots subscribes a listener to every new snapshot (a change seen on any node wakes the worker)
     * @throws IllegalStateException when this process already delivers
     */
    public synchronized Subscription start(List<Channel> channels, DeliverySettings settings, DeliveryGate gate,
            Function<SnapshotListener, Subscription> snapshots) {
        if (worker != null) {
            throw new IllegalStateException("this process already delivers");
        }
        if (!settings.delivers()) {
            log.info("this node delivers no notifications (a delivery concurrency of 0): other nodes deliver them");
            return () -> {
            };
        }
        String owner = ProcessHandle.current().pid() + "@" + hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        DeliveryWorker started = new DeliveryWorker(database, reminders, channels, settings, gate, owner);
        worker = started;
        Subscription wakeOnChange = snapshots.apply((Snapshot snapshot) -> started.wake());
        started.start();
        return () -> {
            wakeOnChange.close();
            stop(started);
        };
    }

    /** Looks for work at once, if this process delivers (the other nodes look within their poll interval). */
    public void wake() {
        DeliveryWorker current;
        synchronized (this) {
            current = worker;
        }
        if (current != null) {
            current.wake();
        }
    }

    /** What this process delivered, and the queue all nodes share; empty figures when it does not deliver. */
    public DeliveryStats stats() {
        DeliveryWorker current;
        synchronized (this) {
            current = worker;
        }
        return current == null ? NONE : current.stats();
    }

    private void stop(DeliveryWorker stopping) {
        stopping.close();
        synchronized (this) {
            if (worker == stopping) {
                worker = null;
            }
        }
    }

    @Override
    public void close() {
        DeliveryWorker current;
        synchronized (this) {
            current = worker;
        }
        if (current != null) {
            current.close();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
