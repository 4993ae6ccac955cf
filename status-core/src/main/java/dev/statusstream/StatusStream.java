package dev.statusstream;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.statusstream.internal.DatabaseUrl;
import dev.statusstream.engine.internal.Engine;
import dev.statusstream.store.internal.Database;
import io.lettuce.core.RedisClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The StatusStream library: read the status page, change it, and follow its changes. The one entry
 * point for applications that embed StatusStream.
 *
 * <p>Every write is validated, committed in one PostgreSQL transaction that takes the next global
 * version, and then published: to this process's listeners, to the Redis cache and to the Redis
 * channel for every other node. A write that returned is in PostgreSQL, even when Redis is down.
 *
 * <p>Build one per process with {@link #create(StatusStreamConfig)} (it opens its own pool and Redis
 * client from the URLs in the configuration) or {@link #builder()} (pass your application's
 * {@code DataSource} and {@code RedisClient}). {@link #close()} closes only what it opened: a data source
 * or Redis client you passed in stays open and remains yours to close, after this instance.
 *
 * <pre>{@code
 * try (StatusStream status = StatusStream.create(StatusStreamConfig.defaults()
 *         .withDatabaseUrl("postgres://localhost/status").withRedisUrl("redis://localhost:6379"))) {
 *     status.ensureService(NewService.of("api", LocalizedText.of("en", "Public API")));
 *     status.setStatus("api", Status.DEGRADED, LocalizedText.of("en", "Elevated latency"));
 *     status.subscribeChanges(change -> System.out.println(change.version() + ": " + change.changes()));
 * }
 * }</pre>
 *
 * <p>Two ways to follow changes: a {@link SnapshotListener} ({@link #subscribe(SnapshotListener)}) gets
 * the newest snapshot first and fast, for consumers that only need the latest state (a live page); a
 * {@link ChangeListener} ({@link #subscribeChanges(ChangeListener)}) also gets every committed change
 * behind each snapshot, including those missed while Redis messages were lost, for consumers that must
 * see each change (notifications, audit logs).
 *
 * <p>While following, the instance holds one connection of the data source for PostgreSQL
 * {@code LISTEN}, two Redis connections, and three daemon threads (four with change listeners).
 *
 * <p>Thread-safe: share one instance across the application.
 */
public final class StatusStream implements AutoCloseable {
    /** An incident id as this library makes them: a UUID in canonical lower-case form. */
    private static final Pattern INCIDENT_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private final Engine engine;
    private final Automation automation;

    private StatusStream(Engine engine) {
        this.engine = engine;
        this.automation = new Automation(engine);
    }

    /**
     * Opens a pool to {@code config.databaseUrl()} and, when set, a Redis client to
     * {@code config.redisUrl()}, and brings the schema up to date. Both are closed by {@link #close()}.
     *
     * @param config the settings, with at least a database URL
     * @return a running instance; close it when the application stops
     * @throws ValidationException when the database URL is missing or malformed
     * @throws UnavailableException when PostgreSQL cannot be reached
     */
    public static StatusStream create(StatusStreamConfig config) {
        return builder().config(config).build();
    }

    /**
     * A builder for using the host application's resources.
     *
     * @return a builder with default settings
     */
    public static Builder builder() {
        return new Builder();
    }

    // ---- reading ----

    /**
     * The newest snapshot. While following ({@link #subscribe}, {@link #follow}) it comes from memory and
     * survives a PostgreSQL outage; otherwise it is read from PostgreSQL.
     *
     * @return every service and the incidents that matter now, at one version
     * @throws UnavailableException when not following and PostgreSQL cannot be reached
     */
    public Snapshot snapshot() {
        return engine.snapshot();
    }

    /**
     * One service, read from PostgreSQL (with its stored {@link Service#position()}, which snapshots
     * received from other nodes do not carry).
     *
     * @param id the service's id
     * @return the service, or empty when there is none with this id (or it is not a service id)
     */
    public Optional<Service> service(String id) {
        if (id == null || !Service.isId(id)) {
            return Optional.empty();
        }
        return engine.service(id);
    }

    /**
     * One incident or maintenance with all its updates, read from PostgreSQL.
     *
     * @param slug the incident's slug
     * @return the incident, or empty when there is none with this slug (or it is not a slug)
     */
    public Optional<Incident> incident(String slug) {
        if (slug == null || !Incident.isSlug(slug)) {
            return Optional.empty();
        }
        return engine.incident(slug);
    }

    /** The most templates one call returns. */
    public static final int MAX_TEMPLATES_PER_PAGE = 200;

    /**
     * Incident templates by name, a page at a time: those whose name sorts after {@code after}.
     *
     * @param after the last name of the previous page, or null for the first page
     * @param limit at most this many, 1 to {@value #MAX_TEMPLATES_PER_PAGE}
     * @return the templates, by name
     * @throws ValidationException naming {@code limit} when it is out of range
     */
    public List<IncidentTemplate> templates(String after, int limit) {
        if (limit < 1 || limit > MAX_TEMPLATES_PER_PAGE) {
            throw new ValidationException("limit", "must be from 1 to " + MAX_TEMPLATES_PER_PAGE + ", not " + limit);
        }
        return engine.templates(after, limit);
    }

    /**
     * One incident template.
     *
     * @param name the template's name
     * @return the template, or empty when there is none with this name (or it is not a template name)
     */
    public Optional<IncidentTemplate> template(String name) {
        try {
            IncidentTemplate.checkName(name);
        } catch (ValidationException e) {
            return Optional.empty();
        }
        return engine.template(name);
    }

    /**
     * The logo image with this SHA-256, as {@link Branding.Logo} names it, read from PostgreSQL.
     *
     * @param sha256 64 lower-case hex digits
     * @return the image, or empty when there is none (or it is not such a hash)
     */
    public Optional<LogoImage> logo(String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        return engine.logo(sha256);
    }

    /**
     * Incidents and maintenance that started before {@code before}, newest first (then by id,
     * descending). To page through history without skipping incidents that share a start time, use
     * {@link #incidentsBefore(Instant, String, IncidentKind, int)}.
     *
     * @param before only incidents that started before this instant
     * @param kind   only this kind, or null for both kinds
     * @param limit  at most this many
     * @return the incidents with their updates
     * @throws ValidationException naming {@code before} when it is outside {@link StoredTime}'s range
     */
    public List<Incident> incidentsBefore(Instant before, IncidentKind kind, int limit) {
        return incidentsBefore(before, null, kind, limit);
    }

    /**
     * The page of history after a cursor: incidents and maintenance ordered newest start first, then by
     * id descending, that come after the one that started at {@code before} with id {@code beforeId}.
     * Pass the last item's start ({@code scheduledFor} for maintenance, else {@code startedAt}) and id to
     * get the next page: items sharing one start time are neither skipped nor repeated.
     *
     * @param before   the cursor's start time
     * @param beforeId the cursor's incident id, or null for everything that started strictly before
     *                 {@code before}
     * @param kind     only this kind, or null for both kinds
     * @param limit    at most this many
     * @return the incidents with their updates
     * @throws ValidationException naming {@code beforeId} when it is not an incident id, or {@code before}
     *                             when it is outside {@link StoredTime}'s range
     */
    public List<Incident> incidentsBefore(Instant before, String beforeId, IncidentKind kind, int limit) {
        StoredTime.check("before", before);
        if (beforeId != null && !INCIDENT_ID.matcher(beforeId).matches()) {
            throw new ValidationException("beforeId", "'" + TextRules.abbreviate(beforeId) + "' is not an incident id");
        }
        return engine.incidentsBefore(before, beforeId, kind, limit);
    }

    /**
     * The status periods of a service overlapping {@code [from, to)}, oldest first.
     *
     * @param serviceId the service
     * @param from      start of the range, inclusive
     * @param to        end of the range, exclusive
     * @return the periods, the current one with a null end
     * @throws ValidationException naming {@code from} or {@code to} when outside {@link StoredTime}'s range
     */
    public List<StatusPeriod> statusHistory(String serviceId, Instant from, Instant to) {
        StoredTime.check("from", from);
        StoredTime.check("to", to);
        return engine.statusHistory(serviceId, from, to);
    }

    /**
     * The committed changes after {@code version}, oldest first, at most {@code limit}: what a client
     * that last saw {@code version} missed. From memory while following and it holds them, otherwise
     * from PostgreSQL's change log.
     *
     * @param version the last version the caller saw
     * @param limit   at most this many changes
     * @return the changes, one per version
     */
    public List<ChangeEvent> changesSince(long version, int limit) {
        return engine.changesSince(version, limit);
    }

    /**
     * Whether PostgreSQL has committed {@code version}, for a caller that heard of a version this
     * process may not have reached yet (a client that saw it on another node). While following, a
     * version beyond what this process knows of is checked against PostgreSQL, and a newer snapshot
     * found there is loaded, so {@link #subscribe subscribers} get it shortly; callers asking at the
     * same time share one check. Never blocks the caller.
     *
     * @param version a version the caller was told of
     * @return completes with true when PostgreSQL has reached {@code version}, false when it has not
     *         (a version from another database, a forgery) or cannot answer now
     */
    public CompletableFuture<Boolean> confirmVersion(long version) {
        return engine.confirmVersion(version);
    }

    // ---- writing ----

    /**
     * Validates and commits one write as the {@link Actor#library() library}; see
     * {@link #execute(Operation, Actor)}.
     *
     * @param operation what to change
     * @param <T>       the type of the changed resource
     * @return the version and the changed resource
     */
    public <T> Change<T> execute(Operation<T> operation) {
        return execute(operation, Actor.library());
    }

    /**
     * Commits one write in one transaction that takes the next version and records {@code actor} in
     * the change log, then publishes it. Every other write method here is a shorthand for this one.
     *
     * @param operation what to change
     * @param actor     who asked for it
     * @param <T>       the type of the changed resource
     * @return the version and the changed resource ({@link Publish} changes nothing: its version is the
     *         one announced)
     * @throws NotFoundException when the operation names a service or incident that does not exist
     * @throws ConflictException when it clashes with the current state (an id taken, an incident over)
     * @throws ValidationException when a value is invalid against the current state
     * @throws UnavailableException when PostgreSQL is unavailable
     */
    public <T> Change<T> execute(Operation<T> operation, Actor actor) {
        return execute(operation, actor, null);
    }

    /**
     * Commits one write as {@link #execute(Operation, Actor)} does, recording in the audit log where the
     * request came from.
     *
     * @param operation what to change
     * @param actor     who asked for it
     * @param address   the client's address (an HTTP request's), or null when there is none
     * @param <T>       the type of the changed resource
     * @return the version and the changed resource
     * @throws ValidationException when the operation or actor is missing, or a value is invalid
     */
    public <T> Change<T> execute(Operation<T> operation, Actor actor, String address) {
        if (operation == null) {
            throw new ValidationException("operation", "is required");
        }
        if (actor == null) {
            throw new ValidationException("actor", "is required");
        }
        if (address != null && address.length() > 100) {
            throw new ValidationException("address", "is longer than 100 characters");
        }
        return engine.execute(operation, actor, address);
    }

    /**
     * Operators, sessions, named API tokens and the audit log.
     *
     * @return the accounts of this page
     */
    public Accounts accounts() {
        return engine.accounts();
    }

    /**
     * Adds a service, {@code operational}.
     *
     * @param service the new service
     * @return the version and the added service
     * @throws ConflictException when the id is taken
     */
    public Change<Service> addService(NewService service) {
        return execute(new AddService(service));
    }

    /**
     * Adds a service unless one with its id exists; an existing service is left as it is. For
     * applications that declare their services in code at start-up, on every node.
     *
     * @param service the service to add when missing
     * @return the service as it is now
     */
    public Service ensureService(NewService service) {
        try {
            return execute(new AddService(service)).value();
        } catch (ConflictException e) {
            return engine.service(service.id()).orElseThrow(() -> e);
        }
    }

    /**
     * Changes a service's label, category, description or position.
     *
     * @param id    the service
     * @param patch the fields to change; null fields are kept
     * @return the version and the changed service
     * @throws NotFoundException when there is no such service
     */
    public Change<Service> updateService(String id, ServicePatch patch) {
        return execute(new EditService(id, patch));
    }

    /**
     * Deletes a service and its status history.
     *
     * @param id the service
     * @return the version and the deleted service
     * @throws NotFoundException when there is no such service
     */
    public Change<Service> deleteService(String id) {
        return execute(new RemoveService(id));
    }

    /**
     * Puts the listed services first, in that order; the rest keep their order after them.
     *
     * @param ids service ids in the order wanted
     * @return the version and every service in its new order
     * @throws NotFoundException when an id names no service
     */
    public Change<List<Service>> reorderServices(List<String> ids) {
        return execute(new ReorderServices(ids));
    }

    /**
     * Sets a service's status with an optional summary.
     *
     * @param serviceId the service
     * @param status    the new status
     * @param summary   a short reason, or null or empty for none
     * @return the version and the changed service
     * @throws NotFoundException when there is no such service
     */
    public Change<Service> setStatus(String serviceId, Status status, LocalizedText summary) {
        return execute(new SetStatus(serviceId, status, summary));
    }

    /**
     * Opens an incident or schedules a maintenance; the slug is generated unless given.
     *
     * @param incident the incident or maintenance
     * @return the version and the incident, with its slug
     * @throws NotFoundException when an affected service does not exist
     * @throws ConflictException when the given slug is taken
     */
    public Change<Incident> openIncident(NewIncident incident) {
        return execute(new OpenIncident(incident));
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
        return execute(new EditIncident(slug, patch));
    }

    /**
     * Posts an update moving the incident to {@code state}. A maintenance that becomes
     * {@code inProgress} or {@code verifying} puts its services into {@code maintenance}; one that
     * leaves those states restores them (see {@link #runDueMaintenance()}).
     *
     * @param slug  the incident
     * @param state the state it moves to (of the incident's kind)
     * @param body  what the operator says
     * @return the version and the incident with the new update
     * @throws NotFoundException when there is no such incident
     * @throws ConflictException when the incident is already resolved (a maintenance completed): it is
     *         not reopened; a new problem is a new incident
     */
    public Change<Incident> updateIncident(String slug, IncidentState state, LocalizedText body) {
        return execute(new UpdateIncident(slug, state, body));
    }

    /**
     * Resolves an incident (completes a maintenance).
     *
     * @param slug the incident
     * @param body the closing update's text, or null for none
     * @return the version and the resolved incident
     * @throws NotFoundException when there is no such incident
     * @throws ConflictException when it is already over
     */
    public Change<Incident> resolveIncident(String slug, LocalizedText body) {
        return execute(new ResolveIncident(slug, body));
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
     * Reads the current snapshot from PostgreSQL and announces it again: a PostgreSQL {@code NOTIFY}
     * of its version (every following process, with or without Redis, then loads what it missed),
     * and, with Redis, the snapshot in the cache and on the channel; this process's listeners get it
     * too. A repair for nodes that missed a change. A Redis failure is reported, not thrown.
     *
     * @return the version announced and what happened on Redis
     * @throws UnavailableException when PostgreSQL is unavailable (then nothing was announced)
     */
    public Publication publish() {
        return execute(new Publish()).value();
    }

    // ---- following ----

    /**
     * Calls {@code listener} with every newer snapshot from now on, as soon as this process has it.
     * Starts following (see {@link #follow()}) if this process was not yet.
     *
     * @param listener called on the sync thread; see {@link SnapshotListener}
     * @return close it to stop the calls
     */
    public Subscription subscribe(SnapshotListener listener) {
        return engine.subscribe(listener);
    }

    /**
     * Calls {@code listener} with every newer snapshot from now on, each with the committed changes
     * since the previous one it was given. Starts following if this process was not yet.
     *
     * @param listener called on the change thread; see {@link ChangeListener}
     * @return close it to stop the calls
     */
    public Subscription subscribeChanges(ChangeListener listener) {
        return engine.subscribeChanges(OptionalLong.empty(), listener);
    }

    /**
     * Like {@link #subscribeChanges(ChangeListener)}, resuming after a version the application saw
     * before (stored across a restart, say): when the current snapshot is newer, the listener is called
     * at once with it and the changes after {@code afterVersion}. A version ahead of this process's
     * newest (it lags by a moment, or the database was replaced) gives nothing until a newer snapshot
     * arrives.
     *
     * @param afterVersion the last version the application saw, 0 for everything
     * @param listener     called on the change thread; see {@link ChangeListener}
     * @return close it to stop the calls
     * @throws ValidationException when {@code afterVersion} is negative
     */
    public Subscription subscribeChanges(long afterVersion, ChangeListener listener) {
        if (afterVersion < 0) {
            throw new ValidationException("afterVersion", "must not be negative, was " + afterVersion);
        }
        return engine.subscribeChanges(OptionalLong.of(afterVersion), listener);
    }

    /**
     * Starts following changes made anywhere: the Redis channel, PostgreSQL notifications, and a
     * periodic version check; and starts moving maintenance windows at their times
     * ({@link #runDueMaintenance()}) unless built as an {@link Builder#observer(boolean) observer}.
     * Idempotent. Servers follow; one-shot tools like the CLI need not.
     */
    public void follow() {
        engine.follow();
    }

    /**
     * One page of subscribers, in the order they were added; secrets are never listed.
     *
     * @param after the id of the last subscriber of the previous page, or null for the first page
     * @param limit at most this many, 1 to 500
     * @return the subscribers
     * @throws ValidationException when {@code after} is not a subscriber id or {@code limit} is out of range
     */
    public List<Subscriber> subscribers(String after, int limit) {
        if (after != null) {
            Subscriber.checkId(after);
        }
        if (limit < 1 || limit > 500) {
            throw new ValidationException("limit", "must be between 1 and 500, was " + limit);
        }
        return engine.subscribers(after, limit);
    }

    /**
     * A subscriber by id, without its secret.
     *
     * @param id the subscriber's id
     * @return the subscriber, or empty
     * @throws ValidationException when {@code id} is not a subscriber id
     */
    public Optional<Subscriber> subscriber(String id) {
        return engine.subscriber(Subscriber.checkId(id));
    }

    /**
     * Starts delivering notifications from this process: the delivery worker claims due deliveries of
     * the kinds these channels serve (every node that delivers shares one queue, and never sends a
     * delivery another node holds), hands each to its channel, and retries failures; reminders of
     * maintenance windows are made here too. Notifications themselves are written by every write, in
     * its transaction, whether or not any process delivers.
     *
     * @param channels one channel per kind of subscriber this process delivers to
     * @param settings concurrency, lease, retries and reminders
     * @return stops delivering when closed
     * @throws IllegalStateException when this process already delivers
     * @throws IllegalArgumentException when two channels serve one kind
     */
    public Subscription deliver(List<Channel> channels, DeliverySettings settings) {
        return deliver(channels, settings, DeliveryGate.OPEN);
    }

    /**
     * Starts delivering as {@link #deliver(List, DeliverySettings)} does, each send first waiting at
     * {@code gate} (briefly: see {@link DeliveryGate}) so that the host's live work goes first. With a
     * {@linkplain DeliverySettings#delivers() concurrency of 0} this process delivers nothing and the
     * other nodes deliver everything.
     *
     * @param channels one channel per kind of subscriber this process delivers to
     * @param settings concurrency, lease, retries and reminders
     * @param gate     what each send waits at; {@link DeliveryGate#OPEN} never waits
     * @return stops delivering when closed
     * @throws IllegalStateException when this process already delivers
     * @throws IllegalArgumentException when two channels serve one kind
     */
    public Subscription deliver(List<Channel> channels, DeliverySettings settings, DeliveryGate gate) {
        return engine.deliver(List.copyOf(channels), settings, Objects.requireNonNull(gate, "gate"));
    }

    /**
     * How delivering goes: the queue every node shares, and what this process did.
     *
     * @return the figures; the queue's are the last ones read while PostgreSQL is away, all zero when this
     *         process does not deliver
     */
    public DeliveryStats deliveryStats() {
        return engine.deliveryStats();
    }

    /**
     * Whether PostgreSQL and Redis answer now.
     *
     * @return the state of both, and the version served
     */
    public Health health() {
        return engine.health();
    }

    /**
     * Counters of following and publishing.
     *
     * @return a point-in-time copy
     */
    public SyncStats stats() {
        return engine.stats();
    }

    /**
     * The clock this instance tells time by: the one given to {@link Builder#clock(Clock)}, else the UTC
     * system clock. Whatever is drawn as of a time (the page's uptime bars) should read it too, so that a
     * test moving the clock moves everything.
     *
     * @return the clock writes are timestamped with
     */
    public Clock clock() {
        return engine.clock();
    }

    /**
     * The configuration in effect.
     *
     * @return the settings this instance was built with
     */
    public StatusStreamConfig config() {
        return engine.config();
    }

    /**
     * The PostgreSQL data source in use, for monitoring (such as binding the pool's metrics); do not
     * close it.
     *
     * @return the host application's data source, or the HikariCP pool this instance opened
     */
    public DataSource dataSource() {
        return engine.dataSource();
    }

    /**
     * Stops following and closes the pool and Redis client if this instance opened them; a data source
     * or Redis client passed to the {@link Builder} is left open. Idempotent.
     */
    /**
     * Monitors, alerts and automatic status reports, which set a service's status while it is automatic.
     *
     * @return the automation of this instance
     */
    public Automation automation() {
        return automation;
    }

    @Override
    public void close() {
        engine.close();
    }

    /**
     * Builds a {@link StatusStream} from the host application's resources: what you pass in is used and
     * never closed; what you leave out is built from the configuration and closed with the instance.
     *
     * <p>Not thread-safe: build on one thread.
     *
     * <pre>{@code
     * StatusStream status = StatusStream.builder()
     *         .dataSource(appDataSource)          // your pool; StatusStream takes one connection for LISTEN
     *         .redisClient(appRedisClient)        // optional: without Redis it runs as a single node
     *         .config(StatusStreamConfig.defaults().withRedisPrefix("shop-status"))
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private StatusStreamConfig config = StatusStreamConfig.defaults();
        private DataSource dataSource;
        private RedisClient redisClient;
        private Clock clock = Clock.systemUTC();
        private boolean migrate = true;
        private boolean requireDatabase = true;
        private boolean observer;

        private Builder() {
        }

        /**
         * Settings; the URLs in it are used only for resources not passed in.
         *
         * @param config the settings (default {@link StatusStreamConfig#defaults()})
         * @return this builder
         */
        public Builder config(StatusStreamConfig config) {
            this.config = config;
            return this;
        }

        /**
         * Use this PostgreSQL data source instead of a pool of our own. It is never closed by
         * StatusStream.
         *
         * @param dataSource a data source of PostgreSQL connections
         * @return this builder
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /**
         * Use this Redis client instead of one of our own. It is never shut down by StatusStream; for
         * writes never to hang while Redis is down, give it {@code ClientOptions} that reject commands
         * while disconnected and a command timeout.
         *
         * @param redisClient a Lettuce client for the Redis that every node shares
         * @return this builder
         */
        public Builder redisClient(RedisClient redisClient) {
            this.redisClient = redisClient;
            return this;
        }

        /**
         * The clock for timestamps and maintenance windows (for tests).
         *
         * @param clock the clock (default the UTC system clock)
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Whether to bring the schema up to date on build (default true). Migrations only add tables
         * and columns, and keep their own history table ({@code statusstream_schema_history}), so they do
         * not disturb an application's own Flyway or Liquibase.
         *
         * @param migrate false when the schema is managed elsewhere
         * @return this builder
         */
        public Builder migrate(boolean migrate) {
            this.migrate = migrate;
            return this;
        }

        /**
         * Whether {@link #build()} fails when PostgreSQL cannot be reached (default true). A server
         * passes false: it then starts anyway, serves the snapshot cached in Redis (or an empty page),
         * answers writes with {@link UnavailableException}, and checks the schema and catches up as
         * soon as PostgreSQL answers.
         *
         * @param requireDatabase false to start without PostgreSQL
         * @return this builder
         */
        public Builder requireDatabaseAtStart(boolean requireDatabase) {
            this.requireDatabase = requireDatabase;
            return this;
        }

        /**
         * Whether this instance only observes (default false). While following, an observer gets every
         * change like a server node, but takes no part in running the page: it does not move maintenance
         * windows ({@link StatusStream#runDueMaintenance()} still works when called) and never writes to
         * the Redis cache on its own. For processes that watch, such as a terminal or a dashboard, which
         * may run with other settings than the servers and should not act for them. Its own writes are
         * published as any other.
         *
         * @param observer true for a process that only watches
         * @return this builder
         */
        public Builder observer(boolean observer) {
            this.observer = observer;
            return this;
        }

        /**
         * Builds and starts the instance: migrates the schema unless told not to and connects to Redis
         * (in the background while Redis is down).
         *
         * @return a running instance
         * @throws ValidationException when no data source was given and the configuration has no
         *                             database URL
         * @throws UnavailableException when PostgreSQL cannot be reached
         */
        public StatusStream build() {
            HikariDataSource ownPool = null;
            DataSource ds = dataSource;
            if (ds == null) {
                if (config.databaseUrl() == null) {
                    throw new ValidationException("databaseUrl", "is required when no DataSource is given");
                }
                ownPool = pool(config, requireDatabase);
                ds = ownPool;
            }
            try {
                return new StatusStream(Engine.start(config, ds, ownPool, redisClient, clock, migrate, requireDatabase,
                        observer));
            } catch (RuntimeException e) {
                if (ownPool != null) {
                    ownPool.close();
                }
                throw e;
            }
        }

        private static HikariDataSource pool(StatusStreamConfig config, boolean requireDatabase) {
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
            // fail at once when PostgreSQL is down at start, unless the caller starts without it (-1)
            hikari.setInitializationFailTimeout(requireDatabase ? config.databaseTimeout().toMillis() : -1);
            hikari.addDataSourceProperty("connectTimeout", Math.max(1, config.databaseTimeout().toSeconds()));
            hikari.addDataSourceProperty("socketTimeout", Math.max(10, config.databaseTimeout().toSeconds() * 5));
            hikari.addDataSourceProperty("ApplicationName", "statusstream");
            // PostgreSQL bounds every statement itself: no driver timer per statement
            hikari.setConnectionInitSql(Database.sessionSetup(config.databaseTimeout()));
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
