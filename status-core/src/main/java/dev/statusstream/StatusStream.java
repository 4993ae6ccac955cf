package dev.statusstream;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.statusstream.internal.DatabaseUrl;
import dev.statusstream.internal.Engine;
import io.lettuce.core.RedisClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The StatusStream library: read the status page, change it, and follow its changes.
 *
 * <p>Every write is validated, committed in one PostgreSQL transaction that takes the next global
 * version, and then published: to this process's listeners, to the Redis cache and to the Redis
 * channel for every other node. A write that returned is in PostgreSQL, even when Redis is down.
 *
 * <p>Build one per process with {@link #create(StatusStreamConfig)} (it opens its own pool and Redis
 * client) or {@link #builder()} (pass your application's {@code DataSource} and {@code RedisClient});
 * {@link #close()} closes only what it opened. Thread-safe: share one instance.
 *
 * <pre>{@code
 * try (StatusStream status = StatusStream.create(StatusStreamConfig.defaults()
 *         .withDatabaseUrl("postgres://localhost/status").withRedisUrl("redis://localhost:6379"))) {
 *     status.addService(NewService.of("api", LocalizedText.of("en", "Public API")));
 *     status.setStatus("api", Status.DEGRADED, LocalizedText.of("en", "Elevated latency"));
 * }
 * }</pre>
 */
public final class StatusStream implements AutoCloseable {
    private final Engine engine;

    private StatusStream(Engine engine) {
        this.engine = engine;
    }

    /**
     * Opens a pool to {@code config.databaseUrl()} and, when set, a Redis client to
     * {@code config.redisUrl()}, and brings the schema up to date.
     *
     * @throws ValidationException when the database URL is missing or malformed
     * @throws UnavailableException when PostgreSQL cannot be reached
     */
    public static StatusStream create(StatusStreamConfig config) {
        return builder().config(config).build();
    }

    /** A builder for using the host application's resources. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- reading ----

    /**
     * The newest snapshot. While following ({@link #subscribe}, {@link #follow}) it comes from memory and
     * survives a PostgreSQL outage; otherwise it is read from PostgreSQL.
     */
    public Snapshot snapshot() {
        return engine.snapshot();
    }

    /**
     * One service, read from PostgreSQL (with its stored {@link Service#position()}, which snapshots
     * received from other nodes do not carry).
     *
     * @param id the service's id
     * @return the service, or empty when there is none with this id
     */
    public Optional<Service> service(String id) {
        return engine.service(id);
    }

    /** One incident or maintenance with all its updates. */
    public Optional<Incident> incident(String slug) {
        return engine.incident(slug);
    }

    /**
     * Incidents and maintenance that started before {@code before}, newest first, for paging through
     * history; {@code kind} null for both kinds.
     */
    public List<Incident> incidentsBefore(Instant before, IncidentKind kind, int limit) {
        return engine.incidentsBefore(before, kind, limit);
    }

    /** The status periods of a service overlapping {@code [from, to)}, oldest first. */
    public List<StatusPeriod> statusHistory(String serviceId, Instant from, Instant to) {
        return engine.statusHistory(serviceId, from, to);
    }

    /**
     * The committed changes after {@code version}, oldest first, at most {@code limit}: what a client
     * that last saw {@code version} missed.
     */
    public List<ChangeEvent> changesSince(long version, int limit) {
        return engine.changesSince(version, limit);
    }

    // ---- writing ----

    /** Adds a service, {@code operational}. @throws ConflictException when the id is taken */
    public Change<Service> addService(NewService service) {
        return engine.addService(service);
    }

    /** Changes a service's label, category, description or position. */
    public Change<Service> updateService(String id, ServicePatch patch) {
        return engine.updateService(id, patch);
    }

    /** Deletes a service and its status history; returns the deleted service. */
    public Change<Service> deleteService(String id) {
        return engine.deleteService(id);
    }

    /** Puts the listed services first, in that order; the rest keep their order after them. */
    public Change<List<Service>> reorderServices(List<String> ids) {
        return engine.reorderServices(ids);
    }

    /** Sets a service's status with an optional summary (null or empty for none). */
    public Change<Service> setStatus(String serviceId, Status status, LocalizedText summary) {
        return engine.setStatus(serviceId, status, summary);
    }

    /** Opens an incident or schedules a maintenance; the slug is generated unless given. */
    public Change<Incident> openIncident(NewIncident incident) {
        return engine.openIncident(incident);
    }

    /**
     * Changes an incident's title, impact, affected services, texts or a maintenance's window without
     * posting an update. Services added to an active maintenance go into {@code maintenance}, removed
     * ones are restored.
     *
     * @param slug  the incident
     * @param patch what to change; null fields stay as they are
     * @return the version and the changed incident
     * @throws NotFoundException when there is no such incident
     * @throws ValidationException when a value is invalid (a window that ends before it starts, an unknown service)
     * @throws ConflictException when moving the window of a maintenance that is already completed
     */
    public Change<Incident> editIncident(String slug, IncidentPatch patch) {
        return engine.editIncident(slug, patch);
    }

    /**
     * Posts an update moving the incident to {@code state}. A maintenance that becomes
     * {@code inProgress} or {@code verifying} puts its services into {@code maintenance}; one that
     * leaves those states restores them (see {@link #runDueMaintenance()}).
     */
    public Change<Incident> updateIncident(String slug, IncidentState state, LocalizedText body) {
        return engine.updateIncident(slug, state, body);
    }

    /** Resolves an incident (completes a maintenance). @throws ConflictException when it is already over */
    public Change<Incident> resolveIncident(String slug, LocalizedText body) {
        return engine.resolveIncident(slug, body);
    }

    /**
     * Moves every maintenance window whose time has come: {@code scheduled} to {@code inProgress} at
     * {@code scheduledFor}, and to {@code completed} at {@code scheduledUntil}, each with an automatic
     * update. While a window is active its services are {@code maintenance}; when it ends each is
     * restored to the status it had before, unless someone set another status in the meantime.
     *
     * <p>A following process ({@link #follow()}, {@link #subscribe}) does this by itself at the right
     * times; call it from tests (with a {@link Builder#clock(Clock) clock}) or from a scheduled job in
     * processes that do not follow. Any number of processes may run it at once: each transition is made
     * exactly once.
     *
     * @return the transitions this call made (another process may have made others at the same moment)
     * @throws UnavailableException when PostgreSQL is unavailable
     */
    public List<Change<Incident>> runDueMaintenance() {
        return engine.runDueMaintenance();
    }

    /**
     * Reads the current snapshot from PostgreSQL and broadcasts it again (Redis cache and channel, and
     * this process's listeners): a repair for nodes that missed a change. Returns its version.
     */
    public long publish() {
        return engine.publish();
    }

    // ---- following ----

    /**
     * Calls {@code listener} with every newer snapshot from now on. Starts following (see
     * {@link #follow()}) if this process was not yet.
     */
    public Subscription subscribe(SnapshotListener listener) {
        return engine.subscribe(listener);
    }

    /**
     * Starts following changes made anywhere: the Redis channel, PostgreSQL notifications, and a
     * periodic version check; and starts moving maintenance windows at their times
     * ({@link #runDueMaintenance()}). Idempotent. Servers follow; one-shot tools like the CLI need not.
     */
    public void follow() {
        engine.follow();
    }

    /** Whether PostgreSQL and Redis answer now. */
    public Health health() {
        return engine.health();
    }

    /** Counters of following and publishing. */
    public SyncStats stats() {
        return engine.stats();
    }

    /** The configuration in effect. */
    public StatusStreamConfig config() {
        return engine.config();
    }

    /** Stops following and closes the pool and Redis client if this instance opened them. */
    @Override
    public void close() {
        engine.close();
    }

    /** Builds a {@link StatusStream} from the host application's resources. Not thread-safe. */
    public static final class Builder {
        private StatusStreamConfig config = StatusStreamConfig.defaults();
        private DataSource dataSource;
        private RedisClient redisClient;
        private Clock clock = Clock.systemUTC();
        private boolean migrate = true;

        private Builder() {
        }

        /** Settings; the URLs in it are used only for resources not passed in. */
        public Builder config(StatusStreamConfig config) {
            this.config = config;
            return this;
        }

        /** Use this PostgreSQL data source (not closed by StatusStream). */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /** Use this Redis client (not shut down by StatusStream). */
        public Builder redisClient(RedisClient redisClient) {
            this.redisClient = redisClient;
            return this;
        }

        /** The clock for timestamps and maintenance windows (tests). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Whether to migrate the schema on build (default true). */
        public Builder migrate(boolean migrate) {
            this.migrate = migrate;
            return this;
        }

        public StatusStream build() {
            HikariDataSource ownPool = null;
            DataSource ds = dataSource;
            if (ds == null) {
                if (config.databaseUrl() == null) {
                    throw new ValidationException("databaseUrl", "is required when no DataSource is given");
                }
                ownPool = pool(config);
                ds = ownPool;
            }
            try {
                return new StatusStream(Engine.start(config, ds, ownPool, redisClient, clock, migrate));
            } catch (RuntimeException e) {
                if (ownPool != null) {
                    ownPool.close();
                }
                throw e;
            }
        }

        private static HikariDataSource pool(StatusStreamConfig config) {
            DatabaseUrl url = DatabaseUrl.parse("databaseUrl", config.databaseUrl());
            var hikari = new HikariConfig();
            hikari.setPoolName("statusstream");
            hikari.setJdbcUrl(url.jdbcUrl());
            if (url.user() != null) {
                hikari.setUsername(url.user());
            }
            if (url.password() != null) {
                hikari.setPassword(url.password());
            }
            hikari.setMaximumPoolSize(config.databasePoolSize());
            hikari.setMinimumIdle(1);
            hikari.setConnectionTimeout(config.databaseTimeout().toMillis());
            hikari.setValidationTimeout(Math.min(config.databaseTimeout().toMillis(), 1000));
            // fail at once when PostgreSQL is down at start; the caller decides what that means
            hikari.setInitializationFailTimeout(config.databaseTimeout().toMillis());
            hikari.addDataSourceProperty("connectTimeout", Math.max(1, config.databaseTimeout().toSeconds()));
            hikari.addDataSourceProperty("socketTimeout", Math.max(10, config.databaseTimeout().toSeconds() * 5));
            hikari.addDataSourceProperty("ApplicationName", "statusstream");
            try {
                return new HikariDataSource(hikari);
            } catch (RuntimeException e) {
                throw new UnavailableException("PostgreSQL is unavailable at " + url + ": " + rootMessage(e), e);
            }
        }

        private static String rootMessage(Throwable e) {
            Throwable t = e;
            while (t.getCause() != null) {
                t = t.getCause();
            }
            return t.getMessage();
        }
    }
}
