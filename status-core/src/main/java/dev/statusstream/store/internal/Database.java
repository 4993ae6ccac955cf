package dev.statusstream.store.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.statusstream.Actor;
import dev.statusstream.Change;
import dev.statusstream.ChangeEvent;
import dev.statusstream.ConflictException;
import dev.statusstream.Snapshot;
import dev.statusstream.StatusException;
import dev.statusstream.UnavailableException;
import dev.statusstream.bus.internal.EncodedSnapshot;
import dev.statusstream.bus.internal.SnapshotMessage;
import dev.statusstream.internal.Json;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The PostgreSQL side of StatusStream: schema migrations, write transactions that take a version and
 * log the change, consistent reads, and one place that turns driver failures into
 * {@link StatusException}s. Thread-safe.
 */
public final class Database {
    /** The PostgreSQL NOTIFY channel every write signals on commit; the payload is the new version. */
    public static final String NOTIFY_CHANNEL = "statusstream_changes";
    /**
     * The channel a write also signals, just before {@link #NOTIFY_CHANNEL}: the change as its
     * {@link SnapshotMessage} (the snapshot and the change), so a process that follows PostgreSQL alone
     * takes the change from the notification instead of rebuilding the snapshot with a round of queries.
     * Left out when the message is over PostgreSQL's payload limit; listeners then reload on the version.
     * A separate channel, so that a process that knows only the version channel reads what it always did.
     */
    public static final String MESSAGE_CHANNEL = "statusstream_snapshots";

    private final DataSource dataSource;
    private final Jdbi jdbi;
    private final Clock clock;
    private final ChangeLogRepository changeLog = new ChangeLogRepository();
    private final AuditRepository auditLog = new AuditRepository();
    /** The shortest wait a write accepts for its turn at the version, behind other writers. */
    private static final int WRITE_TURN_MINIMUM_SECONDS = 10;
    /** {@code statement_timeout} in milliseconds: every statement's bound, and a write's wait for its turn. */
    private final long timeoutMillis;
    private final long turnMillis;
    /**
     * Null when every connection's session already has our {@code statement_timeout} (our own pool sets it
     * when it opens a connection); else what each transaction runs first to set it for itself alone.
     */
    private final String transactionTimeout;
    private final SnapshotBuilder snapshots;
    private volatile AfterWrite afterWrite = AfterWrite.NOTHING;
    /**
     * A write's change-log row, its audit entry and its {@code NOTIFY}, in one statement. The two inserts
     * share the parameters {@code version} and {@code actor}, bound to the same values by both.
     */
    private static final String RECORD_CHANGE = "with change as (" + ChangeLogRepository.INSERT + "),\naudit as ("
            + AuditRepository.INSERT + ")\nselect pg_notify(:channel, :payload)";
    /** Null once the schema is known to be current; else why reads and writes must wait. */
    private volatile String notReady;

    /**
     * Every statement is bounded by PostgreSQL's own {@code statement_timeout}, not by the driver's query
     * timeout, which schedules and cancels a timer task for every statement. On connections of our own
     * pool, opened with {@link #sessionSetup(Duration)}, the session carries it ({@code timeoutPerSession});
     * on a host application's connections each transaction sets it with {@code SET LOCAL}, which ends with
     * the transaction, so the host's sessions are as they were when the connection goes back.
     *
     * @param timeoutPerSession true when every connection ran {@link #sessionSetup(Duration)} with the same timeout
     */
    public Database(DataSource dataSource, Duration statementTimeout, boolean timeoutPerSession, Clock clock,
            SnapshotBuilder snapshots) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.timeoutMillis = timeoutMillis(statementTimeout);
        this.turnMillis = Math.max(WRITE_TURN_MINIMUM_SECONDS * 1000L, 3 * timeoutMillis);
        this.transactionTimeout = timeoutPerSession ? null : setLocalTimeout(timeoutMillis);
        this.clock = clock;
        this.snapshots = snapshots;
    }

    /**
     * What a connection of a pool of our own runs when it opens: the session's {@code statement_timeout},
     * so that a statement that hangs (a lock never released, a sick database) fails with PostgreSQL's
     * "canceling statement due to statement timeout" instead of holding its caller.
     */
    public static String sessionSetup(Duration statementTimeout) {
        return "set statement_timeout = " + timeoutMillis(statementTimeout);
    }

    /** Whole seconds, at least one, as the driver's query timeout had it. */
    private static long timeoutMillis(Duration statementTimeout) {
        return Math.max(1, statementTimeout.toSeconds()) * 1000;
    }

    private static String setLocalTimeout(long millis) {
        return "set local statement_timeout = " + millis;
    }

    /** Starts a transaction's work: bounds its statements when the session does not already. */
    private <T> T bounded(Handle h, Function<Handle, T> work) {
        if (transactionTimeout != null) {
            h.execute(transactionTimeout);
        }
        return work.apply(h);
    }

    /** Sets what every write also writes in its transaction (the outbox); set once, before the first write. */
    public void afterWrite(AfterWrite hook) {
        this.afterWrite = hook;
    }

    /**
     * Brings the schema up to date. Migrations only add; nothing is dropped. The history table is our
     * own so that a host application's Flyway is not disturbed.
     */
    public void migrate() {
        try {
            Flyway.configure()
                    // a migration (an index over a long table, a wait for another node's migration) may
                    // take longer than a statement of the running page may
                    .dataSource(transactionTimeout == null ? new Unbounded(dataSource) : dataSource)
                    .locations("classpath:db/migration")
                    .table("statusstream_schema_history")
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw translate("migrating the database schema", e);
        } finally {
            if (transactionTimeout == null) {
                renewSessions();
            }
        }
        // only now: a read waiting for the schema must not get a session the migration left unbounded
        notReady = null;
    }

    /**
     * Closes the connections of our own pool once they are idle (now, or when given back), so that the
     * sessions the migration unbounded are replaced by new ones, which start with our timeout.
     */
    private void renewSessions() {
        if (dataSource instanceof HikariDataSource pool && pool.getHikariPoolMXBean() != null) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    /** Our pool, handing out sessions without a statement timeout (for the migration alone). */
    private static final class Unbounded implements DataSource {
        private final DataSource pool;

        Unbounded(DataSource pool) {
            this.pool = pool;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return unbounded(pool.getConnection());
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return unbounded(pool.getConnection(user, password));
        }

        private static Connection unbounded(Connection c) throws SQLException {
            try (var st = c.createStatement()) {
                st.execute("set statement_timeout = 0");
                // nor by the driver's socket timeout (the pool puts it back when the connection returns)
                c.setNetworkTimeout(Runnable::run, 0);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return c;
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return pool.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            pool.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            pool.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return pool.getLoginTimeout();
        }

        @Override
        public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return pool.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return pool.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return pool.isWrapperFor(type);
        }
    }

    /**
     * Marks the schema as not yet checked (PostgreSQL was away at start): until {@link #migrate()}
     * succeeds, reads and writes fail with an {@link UnavailableException} instead of touching tables
     * that may not exist yet.
     */
    public void schemaPending(String reason) {
        notReady = reason;
    }

    private void requireSchema() {
        String reason = notReady;
        if (reason != null) {
            throw new UnavailableException("PostgreSQL is unavailable: " + reason, null);
        }
    }

    /** The current time as stored: UTC, millisecond precision. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Runs one write: takes the next version, applies {@code work}, logs the change and who asked for it, appends
     * the audit entry, builds the snapshot at that version, writes what {@link #afterWrite} asks (its notifications),
     * signals {@link #NOTIFY_CHANNEL}, and commits. If anything throws, nothing is committed.
     */
    public <T> Committed<T> write(Actor actor, Function<WriteTx, Written<T>> work) {
        requireSchema();
        try {
            return jdbi.inTransaction(h -> {
                // the turn may wait longer than one statement may take; every later statement has the usual bound
                h.execute(setLocalTimeout(turnMillis));
                // the same statement sets the usual bound back for the rest of the transaction: the
                // version's row is held from here to the commit, so no round trip more while holding it
                long version = changeLog.nextVersion(h, timeoutMillis);
                Instant now = now();
                AuditScope audit = AuditScope.current();
                Object before = audit == null ? null : audit.before().apply(h);
                Written<T> written = work.apply(new WriteTx(h, version, now));
                var event = new ChangeEvent(version, written.type(), written.subject(), now, Json.write(written.data()));
                Snapshot snapshot = snapshots.build(h, version, now);
                afterWrite.written(h, event, written.value(), snapshot);
                EncodedSnapshot encoded = EncodedSnapshot.of(snapshot, List.of(event));
                if (encoded.fitsNotification()) {
                    notify(h, MESSAGE_CHANNEL, encoded.message());
                }
                // one round trip for the change, its audit entry and the signal: other writers wait meanwhile
                var record = h.createQuery(RECORD_CHANGE);
                ChangeLogRepository.bind(record, event, actor);
                AuditRepository.bind(record, now, actor.toString(), audit == null ? written.type().wireName() : audit.action(),
                        audit == null ? written.subject() : audit.target().apply(written.value()), before, written.value(),
                        audit == null ? null : audit.address(), version);
                record.bind("channel", NOTIFY_CHANNEL).bind("payload", Long.toString(version)).mapTo(String.class).one();
                return new Committed<>(written.value(), event, encoded);
            });
        } catch (StatusException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate("writing the change", e);
        }
    }

    /**
     * Runs one write that changes nothing readers of the page see (subscribers, accounts, tokens,
     * templates, monitors): one transaction for {@code actor}, without a new version, a snapshot or a
     * notification, so the page and its streams stay as they are; audited like every write. If anything
     * throws, nothing is committed.
     *
     * @return what {@code work} returned, with the page's version it was written at
     */
    public <T> Change<T> writeBehindThePage(Actor actor, Function<Handle, T> work) {
        requireSchema();
        try {
            return jdbi.inTransaction(h -> bounded(h, tx -> {
                AuditScope audit = AuditScope.current();
                Object before = audit == null ? null : audit.before().apply(h);
                T value = work.apply(h);
                long version = changeLog.currentVersion(h);
                auditLog.append(h, now(), actor.toString(), audit == null ? "write" : audit.action(),
                        audit == null ? "" : audit.target().apply(value), before, value,
                        audit == null ? null : audit.address(), version);
                return new Change<>(version, value);
            }));
        } catch (StatusException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate("writing the change", e);
        }
    }

    /**
     * Runs work on tables outside the page (the delivery queue) in one read-committed transaction,
     * failures translated as every other call's.
     *
     * @param doing what it does, for the error message, e.g. {@code claiming deliveries}
     */
    public <T> T transact(String doing, Function<Handle, T> work) {
        requireSchema();
        try {
            return jdbi.inTransaction(h -> bounded(h, work));
        } catch (StatusException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate(doing, e);
        }
    }

    /**
     * Runs bookkeeping that is nobody's decision and so not audited: console sessions, failed sign-ins, a
     * token's last use. One read-committed transaction; if anything throws, nothing is committed.
     */
    public <T> T bookkeeping(Function<Handle, T> work) {
        return transact("keeping sessions", work);
    }

    public AuditRepository auditLog() {
        return auditLog;
    }

    /** Runs a read in one repeatable-read transaction, so everything it sees is from one version. */
    public <T> T read(Function<Handle, T> work) {
        requireSchema();
        try {
            return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
                // one round trip for both
                h.execute(transactionTimeout == null ? "set transaction read only"
                        : "set transaction read only; " + transactionTimeout);
                return work.apply(h);
            });
        } catch (StatusException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate("reading", e);
        }
    }

    /**
     * The snapshot at the current version, read consistently and dated when that version was committed
     * (not now), so that it is the very snapshot the writer built: every node that rebuilds it, at start
     * or after a lost message, serves the same bytes for the same version.
     */
    public Snapshot snapshot() {
        return read(this::currentSnapshot);
    }

    private Snapshot currentSnapshot(Handle h) {
        long version = changeLog.currentVersion(h);
        return snapshots.build(h, version, changeLog.committedAt(h, version));
    }

    /**
     * The snapshot at the current version, announced on {@link #NOTIFY_CHANNEL} as a write would: every
     * listening process that is behind loads it. Not read-only, because PostgreSQL refuses
     * {@code NOTIFY} in a read-only transaction.
     */
    public Snapshot announce() {
        requireSchema();
        try {
            return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> bounded(h, tx -> {
                Snapshot snapshot = currentSnapshot(h);
                notify(h, NOTIFY_CHANNEL, Long.toString(snapshot.version()));
                return snapshot;
            }));
        } catch (StatusException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate("announcing the current version", e);
        }
    }

    private static void notify(Handle h, String channel, String payload) {
        h.createQuery("select pg_notify(:channel, :payload)")
                .bind("channel", channel)
                .bind("payload", payload)
                .mapTo(String.class).one();
    }

    /** The current version; cheap. */
    public long currentVersion() {
        return read(changeLog::currentVersion);
    }

    public ChangeLogRepository changeLog() {
        return changeLog;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Maps a driver or pool failure to the exception family, naming PostgreSQL and what was being done. */
    static StatusException translate(String doing, Throwable e) {
        SQLException sql = find(e, SQLException.class);
        if (sql != null && "23505".equals(sql.getSQLState())) {
            return new ConflictException("id", "already exists (" + firstLine(sql.getMessage()) + ")");
        }
        if (sql instanceof SQLTransientConnectionException
                || (sql != null && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57")
                        || sql.getSQLState().startsWith("53")))
                || e instanceof JdbiException && sql == null) {
            return new UnavailableException("PostgreSQL is unavailable while " + doing + ": "
                    + firstLine(sql != null ? sql.getMessage() : e.getMessage()), e);
        }
        if (e instanceof FlywayException) {
            return new UnavailableException("PostgreSQL failed while " + doing + ": " + firstLine(e.getMessage()), e);
        }
        return new StatusException("PostgreSQL failed while " + doing + ": "
                + firstLine(sql != null ? sql.getMessage() : String.valueOf(e.getMessage())), e);
    }

    /**
     * Why a connection failed, in PostgreSQL's or the driver's words, for the log only (it can name the
     * host, port and database). The pool's own timeout says only that no connection came in time; the
     * failure it carries says why: no such database, a refused password, a refused connection.
     */
    public static String failureReason(Throwable e) {
        SQLException sql = find(e, SQLException.class);
        if (sql == null) {
            return firstLine(e.getMessage());
        }
        Throwable why = sql instanceof SQLTransientConnectionException && sql.getCause() != null
                && sql.getCause().getMessage() != null ? sql.getCause() : sql;
        return firstLine(why.getMessage());
    }

    private static <X extends Throwable> X find(Throwable e, Class<X> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
