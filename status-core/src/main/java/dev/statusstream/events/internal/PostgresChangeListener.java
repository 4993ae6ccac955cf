package dev.statusstream.events.internal;

import dev.statusstream.store.internal.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on {@link Database#NOTIFY_CHANNEL} and {@link Database#MESSAGE_CHANNEL}. Every write
 * transaction notifies there, and PostgreSQL delivers the notifications exactly when the transaction
 * commits, in the order they were sent (the message before the version), so a writer that dies between
 * its commit and its Redis publish is still heard. Holds one connection of the data source on its own
 * thread; after a lost connection it reconnects and asks for a resync, since notifications sent while
 * it was away are gone. Thread-safe.
 */
public final class PostgresChangeListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostgresChangeListener.class);
    private static final int POLL_MILLIS = 500;
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final LongConsumer onVersion;
    private final Consumer<String> onMessage;
    private final Runnable onReconnected;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Connection connection;

    /**
     * @param onVersion told each committed version
     * @param onMessage told each change's message (snapshot and change), when the write could send it
     */
    public PostgresChangeListener(DataSource dataSource, LongConsumer onVersion, Consumer<String> onMessage,
            Runnable onReconnected) {
        this.dataSource = dataSource;
        this.onVersion = onVersion;
        this.onMessage = onMessage;
        this.onReconnected = onReconnected;
        this.thread = Thread.ofPlatform().daemon().name("statusstream-pg-listen").unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        boolean wasConnected = false;
        boolean warned = false;
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                PGConnection pg = c.unwrap(PGConnection.class);
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + Database.MESSAGE_CHANNEL);
                    st.execute("LISTEN " + Database.NOTIFY_CHANNEL);
                }
                if (!c.getAutoCommit()) {
                    c.commit();
                }
                connection = c;
                if (wasConnected || warned) {
                    log.info("listening to PostgreSQL notifications again");
                    onReconnected.run();
                }
                wasConnected = true;
                warned = false;
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            if (Database.MESSAGE_CHANNEL.equals(n.getName())) {
                                onMessage.accept(n.getParameter());
                            } else {
                                deliver(n.getParameter());
                            }
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                if (!warned) {
                    log.warn("PostgreSQL notifications interrupted ({}); retrying every {}s", e.getMessage(), RETRY.toSeconds());
                    warned = true;
                }
                sleep();
            } finally {
                connection = null;
            }
        }
    }

    private void deliver(String payload) {
        try {
            onVersion.accept(Long.parseLong(payload));
        } catch (NumberFormatException e) {
            log.warn("ignoring a notification on {} that is not a version: '{}'", Database.NOTIFY_CHANNEL, payload);
        }
    }

    private void sleep() {
        try {
            Thread.sleep(RETRY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
