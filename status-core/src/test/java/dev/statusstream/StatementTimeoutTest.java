package dev.statusstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.statusstream.testing.Closer;
import dev.statusstream.testing.TestServices;
import dev.statusstream.testing.Waiting;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A statement that hangs fails with PostgreSQL's own statement timeout, on the library's pool and on a
 * host application's, while a write waiting its turn behind another may wait longer; and the host's
 * connections go back to its pool without our timeout. Real PostgreSQL.
 */
class StatementTimeoutTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static String databaseUrl;
    private final Closer open = new Closer();

    @BeforeAll
    static void database() {
        databaseUrl = TestServices.newMigratedDatabase();
    }

    @AfterEach
    void close() throws Exception {
        open.close();
    }

    private <T extends AutoCloseable> T keep(T resource) {
        open.add(resource);
        return resource;
    }

    private static StatusStreamConfig config() {
        return StatusStreamConfig.defaults().withDatabaseUrl(databaseUrl).withDatabaseTimeout(TIMEOUT);
    }

    /** A session of the test's own that holds {@code lockSql} until closed. */
    private Connection holding(String lockSql) throws SQLException {
        Connection c = keep(DriverManager.getConnection(databaseUrl));
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute(lockSql);
        }
        return c;
    }

    private static void assertTimesOut(StatusStream status, String service) {
        long started = System.nanoTime();
        var e = assertThrows(UnavailableException.class,
                () -> status.addService(NewService.of(service, LocalizedText.of("en", "API"))));
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(e.getMessage().contains("canceling statement due to statement timeout"), e.getMessage());
        assertTrue(seconds >= 0.9 && seconds < 5, "failed after the 1 s statement timeout, not " + seconds + " s");
    }

    @Test
    void a_write_held_by_a_lock_fails_after_the_database_timeout_with_its_own_pool() throws Exception {
        StatusStream status = keep(StatusStream.create(config()));
        holding("lock table statusstream_services in access exclusive mode");

        assertTimesOut(status, "locked-own");
    }

    @Test
    void a_write_held_by_a_lock_fails_after_the_database_timeout_on_the_hosts_pool_whose_sessions_keep_their_settings()
            throws Exception {
        var hikari = new HikariConfig();
        hikari.setJdbcUrl(databaseUrl);
        hikari.setMaximumPoolSize(3);
        HikariDataSource host = keep(new HikariDataSource(hikari));
        StatusStream status = keep(StatusStream.builder().dataSource(host).config(config().withDatabaseUrl(null)).build());
        Connection lock = holding("lock table statusstream_services in access exclusive mode");

        assertTimesOut(status, "locked-host");
        lock.rollback();
        status.addService(NewService.of("host-after", LocalizedText.of("en", "API")));

        // every connection the host's pool can hand out (one is the library's LISTEN) has the server's default
        List<Connection> all = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            all.add(host.getConnection());
        }
        assertTimeoutOfEach(all, "0");
    }

    @Test
    void a_write_waiting_its_turn_behind_another_outlasts_the_statement_timeout_and_commits() throws Exception {
        StatusStream status = keep(StatusStream.create(config()));
        // another writer holds the page's version, as a long write would
        Connection writer = holding("select version from statusstream_status_version for update");

        var waiting = CompletableFuture.supplyAsync(
                () -> status.addService(NewService.of("patient", LocalizedText.of("en", "API"))).version());
        Waiting.until(Duration.ofSeconds(10), "the write to wait for its turn for longer than the statement timeout",
                () -> turnWaitedOver(TIMEOUT.multipliedBy(2)));
        writer.rollback();

        long version = waiting.get(10, TimeUnit.SECONDS);
        try (Connection c = DriverManager.getConnection(databaseUrl); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select version from statusstream_change_log where subject = 'patient'")) {
            assertTrue(rs.next(), "the waiting write committed");
            assertEquals(version, rs.getLong(1));
        }
    }

    @Test
    void a_migration_may_wait_longer_than_the_statement_timeout_and_the_pools_sessions_get_it_back() throws Exception {
        // another node holds the schema's history while it migrates
        Connection migrating = holding("lock table statusstream_schema_history in access exclusive mode");

        var starting = CompletableFuture.supplyAsync(() -> StatusStream.create(config()));
        Waiting.until(Duration.ofSeconds(10), "the migration to wait for the history for longer than the statement timeout",
                () -> waitedOver("%statusstream_schema_history%", TIMEOUT.multipliedBy(2)));
        migrating.rollback();
        StatusStream status = keep(starting.get(10, TimeUnit.SECONDS));

        // the sessions the migration used without a bound are gone: every session the pool hands out has ours
        List<Connection> all = new ArrayList<>();
        while (true) {
            try {
                all.add(status.dataSource().getConnection());
            } catch (SQLException poolEmpty) {
                break;
            }
        }
        assertTrue(all.size() >= 2, "sessions checked: " + all.size());
        assertTimeoutOfEach(all, "1s");
    }

    /** Asserts each session's {@code statement_timeout}, then gives every one of them back. */
    private static void assertTimeoutOfEach(List<Connection> sessions, String expected) throws SQLException {
        try {
            for (Connection c : sessions) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("show statement_timeout")) {
                    rs.next();
                    assertEquals(expected, rs.getString(1));
                }
            }
        } finally {
            for (Connection c : sessions) {
                c.close();
            }
        }
    }

    private static boolean turnWaitedOver(Duration wait) {
        return waitedOver("update statusstream_status_version%", wait);
    }

    /**
     * Whether a session of this database running a statement like {@code query} has waited on a lock for
     * longer than {@code wait}, by the server's clock.
     */
    private static boolean waitedOver(String query, Duration wait) {
        try (Connection c = DriverManager.getConnection(databaseUrl); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from pg_stat_activity where datname = current_database()"
                        + " and wait_event_type = 'Lock' and query like '" + query + "'"
                        + " and now() - query_start > interval '" + wait.toMillis() + " milliseconds'")) {
            rs.next();
            return rs.getInt(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
