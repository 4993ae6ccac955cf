package dev.statusstream.engine.internal;

import dev.statusstream.Actor;
import dev.statusstream.StatusException;
import dev.statusstream.store.internal.Database;
import dev.statusstream.store.internal.EmailSubscriptions;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes email subscriptions never confirmed once their link has expired (privacy), every
 * {@link #SWEEP}, as the scheduler. Every node that runs the page sweeps; a second sweep finds nothing.
 * Thread-safe.
 */
final class EmailExpiry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmailExpiry.class);
    /** How often unconfirmed email subscriptions past their time are deleted. */
    static final Duration SWEEP = Duration.ofMinutes(10);

    private final Database database;
    private final EmailSubscriptions emails;
    private final ScheduledExecutorService timer;
    private ScheduledFuture<?> sweeps;

    /** @param timer a timer shared with other jobs; only the sweeps scheduled here are cancelled on close */
    EmailExpiry(Database database, EmailSubscriptions emails, ScheduledExecutorService timer) {
        this.database = database;
        this.emails = emails;
        this.timer = timer;
    }

    synchronized void start() {
        if (sweeps == null) {
            sweeps = timer.scheduleWithFixedDelay(this::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void sweep() {
        try {
            int expired = database.writeBehindThePage(Actor.scheduler(), h -> emails.expire(h, database.now())).value();
            if (expired > 0) {
                log.info("deleted {} email subscription(s) never confirmed", expired);
            }
        } catch (StatusException e) {
            log.debug("expiring unconfirmed email subscriptions: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (sweeps != null) {
            sweeps.cancel(false);
        }
    }
}
