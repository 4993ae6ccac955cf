package dev.statusstream.server.api;

import dev.statusstream.StatusStream;
import dev.statusstream.UnavailableException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps public reads from waiting on a PostgreSQL that is known to be down. A probe asks the library's
 * health check every {@link #PROBE_INTERVAL}; while PostgreSQL does not answer, and from the moment a read
 * fails because it is unavailable, reads fail at once instead of each waiting out the pool's timeout, so
 * the page, the history and the APIs answer from what the node holds (or {@code 503}) as fast as before
 * the outage. Reads go through again as soon as the probe finds PostgreSQL answering. Thread-safe.
 */
public final class PostgresBreaker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostgresBreaker.class);
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    private final StatusStream status;
    private volatile boolean down;
    private volatile boolean closed;
    private Thread probe;

    public PostgresBreaker(StatusStream status) {
        this.status = status;
    }

    /** Starts the probe. */
    public synchronized void start() {
        if (probe == null && !closed) {
            probe = Thread.ofVirtual().name("postgres-probe").start(this::probe);
        }
    }

    /**
     * The result of {@code read}, a read from PostgreSQL, or an {@link UnavailableException} at once while
     * PostgreSQL is known to be down.
     */
    public <T> T read(Supplier<T> read) {
        if (down) {
            throw new UnavailableException("PostgreSQL is unavailable (checked again every "
                    + PROBE_INTERVAL.toSeconds() + " s)", null);
        }
        try {
            return read.get();
        } catch (UnavailableException e) {
            mark(false, e.getMessage());
            throw e;
        }
    }

    /** Whether reads are being refused now. */
    public boolean down() {
        return down;
    }

    private synchronized void mark(boolean up, String why) {
        if (up == !down || closed) {
            return;
        }
        down = !up;
        if (up) {
            log.info("PostgreSQL answers again; public reads use it again");
        } else {
            log.warn("PostgreSQL is unavailable; public reads are served from memory until it answers again: {}", why);
        }
    }

    private void probe() {
        while (!closed) {
            try {
                Thread.sleep(PROBE_INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
            if (!closed) {
                var health = status.health();
                mark(health.database(), health.databaseError());
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (probe != null) {
            probe.interrupt();
        }
    }
}
