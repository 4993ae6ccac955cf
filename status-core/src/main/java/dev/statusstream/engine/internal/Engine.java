package dev.statusstream.engine.internal;

import dev.statusstream.Actor;
import dev.statusstream.AddService;
import dev.statusstream.Change;
import dev.statusstream.ChangeEvent;
import dev.statusstream.ChangeListener;
import dev.statusstream.EditIncident;
import dev.statusstream.EditService;
import dev.statusstream.Health;
import dev.statusstream.AddTemplate;
import dev.statusstream.EditTemplate;
import dev.statusstream.IncidentTemplate;
import dev.statusstream.LogoImage;
import dev.statusstream.RemovePostmortem;
import dev.statusstream.RemoveTemplate;
import dev.statusstream.SetBranding;
import dev.statusstream.SetPostmortem;
import dev.statusstream.Incident;
import dev.statusstream.IncidentKind;
import dev.statusstream.OpenIncident;
import dev.statusstream.Operation;
import dev.statusstream.Publication;
import dev.statusstream.Publish;
import dev.statusstream.RemoveService;
import dev.statusstream.ReorderServices;
import dev.statusstream.ResolveIncident;
import dev.statusstream.Service;
import dev.statusstream.SetStatus;
import dev.statusstream.Snapshot;
import dev.statusstream.SnapshotListener;
import dev.statusstream.StatusException;
import dev.statusstream.StatusPeriod;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.Subscription;
import dev.statusstream.SyncStats;
import dev.statusstream.UnavailableException;
import dev.statusstream.UpdateIncident;
import dev.statusstream.events.internal.ChangeDispatcher;
import dev.statusstream.events.internal.PostgresChangeListener;
import dev.statusstream.events.internal.SnapshotFollower;
import dev.statusstream.events.internal.SnapshotMessage;
import dev.statusstream.internal.RedisConnections;
import dev.statusstream.internal.RedisSnapshotCache;
import dev.statusstream.maintenance.internal.MaintenanceScheduler;
import dev.statusstream.store.internal.Committed;
import dev.statusstream.store.internal.Database;
import dev.statusstream.store.internal.IncidentRepository;
import dev.statusstream.store.internal.IncidentWrites;
import dev.statusstream.store.internal.BrandingRepository;
import dev.statusstream.store.internal.PostmortemWrites;
import dev.statusstream.store.internal.TemplateRepository;
import dev.statusstream.store.internal.MaintenanceEffects;
import dev.statusstream.store.internal.ServiceRepository;
import dev.statusstream.store.internal.ServiceWrites;
import dev.statusstream.store.internal.SnapshotBuilder;
import dev.statusstream.store.internal.WriteTx;
import dev.statusstream.store.internal.Written;
import io.lettuce.core.RedisClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link dev.statusstream.StatusStream} delegates to: wires the database, the write rules, Redis
 * and the follower, and publishes every commit. Thread-safe.
 */
public final class Engine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    private final StatusStreamConfig config;
    private final Database database;
    private final AutoCloseable ownPool;
    private final ServiceRepository services = new ServiceRepository();
    private final IncidentRepository incidents = new IncidentRepository();
    private final ServiceWrites serviceWrites;
    private final IncidentWrites incidentWrites;
    private final PostmortemWrites postmortems;
    private final TemplateRepository templates;
    private final BrandingRepository branding = new BrandingRepository();
    private final MaintenanceScheduler maintenance;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("statusstream-scheduler").factory());
    private final RedisConnections redis;
    private final RedisSnapshotCache cache;
    private final AtomicLong publishFailures = new AtomicLong();
    /** The Redis cache or channel may lack this process's newest snapshot (a publish failed, or Redis came back). */
    private volatile boolean redisBehind;
    private final SnapshotFollower follower;
    private volatile PostgresChangeListener listener;
    /** How long a node waits for a change's Redis message after PostgreSQL's notification of it. */
    private static final Duration REDIS_GRACE = Duration.ofMillis(500);
    /** How often a process started without PostgreSQL tries to migrate again. */
    private static final Duration SCHEMA_RETRY = Duration.ofSeconds(2);
    /** A health check must answer quickly even when Redis hangs. */
    private static final Duration HEALTH_PING_TIMEOUT = Duration.ofMillis(500);
    private volatile ChangeDispatcher changeDispatcher;
    private volatile boolean following;
    /** Follows without running the page: no maintenance moves, no writes to the Redis cache. */
    private final boolean observer;

    private Engine(StatusStreamConfig config, DataSource dataSource, AutoCloseable ownPool, RedisClient redisClient,
            Clock clock, boolean observer) {
        this.config = config;
        this.observer = observer;
        this.ownPool = ownPool;
        this.database = new Database(dataSource, config.databaseTimeout(), clock,
                new SnapshotBuilder(services, incidents, branding, config.recentIncidents()));
        this.postmortems = new PostmortemWrites(incidents, config.defaultLanguage());
        this.templates = new TemplateRepository(services, config.defaultLanguage());
        this.serviceWrites = new ServiceWrites(services, config.defaultLanguage());
        this.incidentWrites = new IncidentWrites(incidents, services, new MaintenanceEffects(services, serviceWrites),
                config.defaultLanguage());
        this.maintenance = new MaintenanceScheduler(database, incidents, incidentWrites, work -> commit(Actor.scheduler(), work));
        if (redisClient != null || config.redisUrl() != null) {
            RedisClient client = redisClient != null ? redisClient
                    : RedisConnections.createClient(config.redisUrl(), config.redisTimeout());
            this.redis = new RedisConnections(client, redisClient == null, config.channel(), scheduler);
            this.cache = new RedisSnapshotCache(redis, config.cacheKey(), config.cacheTtl());
        } else {
            this.redis = null;
            this.cache = null;
        }
        this.follower = new SnapshotFollower(database, config.resyncInterval(), this::cachedSnapshot);
    }

    public static Engine start(StatusStreamConfig config, DataSource dataSource, AutoCloseable ownPool,
            RedisClient redisClient, Clock clock, boolean migrate, boolean requireDatabase, boolean observer) {
        var engine = new Engine(config, dataSource, ownPool, redisClient, clock, observer);
        try {
            if (migrate) {
                try {
                    engine.database.migrate();
                } catch (UnavailableException e) {
                    if (requireDatabase) {
                        throw e;
                    }
                    engine.database.schemaPending("it was unreachable at start, and the schema is not checked yet");
                    log.warn("{}; starting without it, serving the cached snapshot, and retrying every {}s",
                            e.getMessage(), SCHEMA_RETRY.toSeconds());
                    engine.scheduler.schedule(engine::retryMigration, SCHEMA_RETRY.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            if (engine.redis != null) {
                engine.redis.start(engine::redisReconnected);
            }
            return engine;
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /** PostgreSQL was away at start: migrate when it is back, then catch up. */
    private void retryMigration() {
        try {
            database.migrate();
            log.info("PostgreSQL is reachable: schema checked, catching up");
            if (following) {
                follower.resyncSoon(() -> {
                });
            }
        } catch (UnavailableException e) {
            scheduler.schedule(this::retryMigration, SCHEMA_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            log.error("migrating the schema failed; writes stay unavailable", e);
        }
    }

    /**
     * Keeps the Redis cache warm while this process follows: the cache's time to live runs from the
     * last write, and a node started while PostgreSQL is down has only the cache to serve.
     */
    private void refreshCache() {
        Snapshot current = follower.current();
        if (redis == null || current.version() == 0 || !redis.isUp()) {
            return;
        }
        try {
            cache.put(current.toJson(), current.version());
        } catch (RuntimeException e) {
            log.debug("refreshing the cached snapshot: {}", e.getMessage());
        }
    }

    public StatusStreamConfig config() {
        return config;
    }

    public DataSource dataSource() {
        return database.dataSource();
    }

    // ---- following ----

    public synchronized void follow() {
        if (following) {
            return;
        }
        follower.start();
        following = true;
        if (redis != null) {
            redis.subscribe(follower::offerMessage);
        }
        listener = new PostgresChangeListener(database.dataSource(),
                version -> follower.offerNotified(version, redis != null && redis.isUp() ? REDIS_GRACE : Duration.ZERO),
                () -> follower.resyncSoon(() -> {
                }));
        listener.start();
        if (observer) {
            return;
        }
        if (redis != null) {
            long every = Math.max(1000, config.cacheTtl().toMillis() / 3);
            scheduler.scheduleWithFixedDelay(this::refreshCache, every, every, TimeUnit.MILLISECONDS);
            scheduler.scheduleWithFixedDelay(this::repairRedis, 1, 1, TimeUnit.SECONDS);
        }
        // a window can only be due if the page shows one that is not over (windows beyond the snapshot's
        // bound are found by the scheduler's own periodic check); everything else needs no database read
        follower.subscribe(snapshot -> {
            if (snapshot.incidents().stream().anyMatch(i -> i.kind() == IncidentKind.MAINTENANCE && i.isOpen())) {
                maintenance.wake();
            }
        });
        maintenance.start();
    }

    public Subscription subscribe(SnapshotListener listener) {
        follow();
        return follower.subscribe(listener);
    }

    public Subscription subscribeChanges(OptionalLong after, ChangeListener listener) {
        follow();
        return changeDispatcher().subscribe(after, listener);
    }

    /** Made on first use: a process without change listeners needs no change thread. */
    private synchronized ChangeDispatcher changeDispatcher() {
        if (changeDispatcher == null) {
            changeDispatcher = new ChangeDispatcher(follower::current, follower::changesSince);
            follower.subscribe(changeDispatcher);
        }
        return changeDispatcher;
    }

    public Snapshot snapshot() {
        return following ? follower.current() : database.snapshot();
    }

    public Optional<Service> service(String id) {
        return database.read(h -> services.find(h, id));
    }

    public Optional<Incident> incident(String slug) {
        return database.read(h -> incidents.findBySlug(h, slug));
    }

    public List<Incident> incidentsBefore(Instant before, String beforeId, IncidentKind kind, int limit) {
        return database.read(h -> incidents.startedBefore(h, before, beforeId, kind, limit));
    }

    public List<IncidentTemplate> templates(String after, int limit) {
        return database.read(h -> templates.list(h, after, limit));
    }

    public Optional<IncidentTemplate> template(String name) {
        return database.read(h -> templates.find(h, name));
    }

    public Optional<LogoImage> logo(String sha256) {
        return database.read(h -> branding.logo(h, sha256));
    }

    public List<StatusPeriod> statusHistory(String serviceId, Instant from, Instant to) {
        return database.read(h -> services.periods(h, serviceId, from, to));
    }

    public CompletableFuture<Boolean> confirmVersion(long version) {
        if (following) {
            return follower.confirm(version);
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return database.currentVersion() >= version;
            } catch (StatusException e) {
                return false;
            }
        }, task -> Thread.ofVirtual().name("statusstream-confirm").start(task));
    }

    public List<ChangeEvent> changesSince(long version, int limit) {
        return following ? follower.changesSince(version, limit)
                : database.read(h -> database.changeLog().since(h, version, limit));
    }

    // ---- writing ----

    /**
     * Runs one operation for {@code actor}: the one place where each kind of write meets its handler,
     * so a new kind of {@link Operation} does not compile until it has one.
     */
    @SuppressWarnings("unchecked")
    public <T> Change<T> execute(Operation<T> operation, Actor actor) {
        Change<?> change = switch (operation) {
            case AddService o -> commit(actor, tx -> serviceWrites.add(tx, o.service()));
            case EditService o -> commit(actor, tx -> serviceWrites.update(tx, o.id(), o.patch()));
            case SetStatus o -> commit(actor, tx -> serviceWrites.setStatus(tx, o.serviceId(), o.status(), o.summary()));
            case ReorderServices o -> commit(actor, tx -> serviceWrites.reorder(tx, o.ids()));
            case RemoveService o -> commit(actor, tx -> serviceWrites.delete(tx, o.id()));
            case OpenIncident o -> commit(actor, tx -> incidentWrites.open(tx, o.incident() != null ? o.incident()
                    : o.fromTemplate().fill(templates.require(tx.handle(), o.fromTemplate().template()))));
            case EditIncident o -> commit(actor, tx -> incidentWrites.edit(tx, o.slug(), o.patch()));
            case UpdateIncident o -> commit(actor, tx -> incidentWrites.postUpdate(tx, o.slug(), o.state(), o.body()));
            case ResolveIncident o -> commit(actor, tx -> incidentWrites.resolve(tx, o.slug(), o.body()));
            case SetPostmortem o -> commit(actor, tx -> postmortems.set(tx, o.slug(), o.body()));
            case RemovePostmortem o -> commit(actor, tx -> postmortems.remove(tx, o.slug()));
            case AddTemplate o -> commitBehindThePage(actor, h -> templates.add(h, o.template(), database.now()));
            case EditTemplate o -> commitBehindThePage(actor, h -> templates.edit(h, o.name(), o.title(), o.body(), o.impact(),
                    o.serviceIds(), database.now()));
            case RemoveTemplate o -> commitBehindThePage(actor, h -> templates.remove(h, o.name()));
            case SetBranding o -> commit(actor, tx -> branding.set(tx, o));
            case Publish o -> {
                Publication publication = publish();
                yield new Change<>(publication.version(), publication);
            }
        };
        return (Change<T>) change;
    }

    public List<Change<Incident>> runDueMaintenance() {
        return maintenance.runDue();
    }

    private Publication publish() {
        Snapshot snapshot = database.announce();
        if (following) {
            follower.offerVersion(snapshot.version());
        }
        if (redis == null) {
            return new Publication(snapshot.version(), Publication.Redis.NOT_CONFIGURED, null);
        }
        String failure = publishToRedis(snapshot, List.of(), true);
        return failure == null ? new Publication(snapshot.version(), Publication.Redis.PUBLISHED, null)
                : new Publication(snapshot.version(), Publication.Redis.FAILED, failure);
    }

    /** A write behind the page: the page's version stays where it is, and nothing is published. */
    private <T> Change<T> commitBehindThePage(Actor actor, Function<Handle, T> work) {
        return database.writeBehindThePage(actor, work);
    }

    private <T> Change<T> commit(Actor actor, Function<WriteTx, Written<T>> work) {
        Committed<T> committed = database.write(actor, work);
        if (following) {
            follower.offerCommitted(committed.snapshot(), committed.event());
        }
        publishToRedis(committed.snapshot(), List.of(committed.event()), true);
        return new Change<>(committed.version(), committed.value());
    }

    /**
     * Caches a snapshot and publishes it with the changes behind it; with {@code await}, waits at most the Redis timeout. A failure is
     * logged and counted, not thrown: the change is committed, and other nodes learn of it from
     * PostgreSQL.
     *
     * @return why it failed, when awaited and it did; otherwise null
     */
    private String publishToRedis(Snapshot snapshot, List<ChangeEvent> changes, boolean await) {
        if (redis == null) {
            return null;
        }
        String json = snapshot.toJson();
        try {
            CompletableFuture<Boolean> cached = cache.put(json, snapshot.version()).toCompletableFuture();
            CompletableFuture<Long> published = redis.async().publish(config.channel(), SnapshotMessage.write(json, changes))
                    .toCompletableFuture();
            CompletableFuture<Void> both = CompletableFuture.allOf(cached, published);
            if (await) {
                both.get(config.redisTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } else {
                both.exceptionally(e -> {
                    countPublishFailure(snapshot, e);
                    return null;
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return countPublishFailure(snapshot, e);
        } catch (Exception e) {
            return countPublishFailure(snapshot, e);
        }
        return null;
    }

    private String countPublishFailure(Snapshot snapshot, Throwable e) {
        publishFailures.incrementAndGet();
        redisBehind = true;
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        log.warn("version {} is committed but could not be published to Redis ({}); other nodes will load it from PostgreSQL",
                snapshot.version(), reason);
        return reason;
    }

    /** Redis is back: catch up from PostgreSQL, then put the newest snapshot back in the cache. */
    private void redisReconnected() {
        if (following) {
            follower.resyncSoon(() -> {
                redisBehind = true;
                repairRedis();
            });
        }
    }

    /**
     * Publishes this process's newest snapshot again when Redis may lack it, once Redis answers: a
     * restarted Redis has an empty cache, and the two connections come back in no fixed order, so the
     * first attempt after a reconnect can fail. Runs every second in a following process that is not an
     * observer; a failure sets the flag again.
     */
    private void repairRedis() {
        if (redisBehind && redis.isUp()) {
            redisBehind = false;
            publishToRedis(follower.current(), List.of(), false);
        }
    }

    private Optional<Snapshot> cachedSnapshot() {
        if (redis == null || !redis.isUp()) {
            return Optional.empty();
        }
        try {
            String json = cache.get().toCompletableFuture().get(config.redisTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return json == null ? Optional.empty() : Optional.of(Snapshot.fromJson(json));
        } catch (Exception e) {
            log.warn("cannot read the cached snapshot from Redis: {}", e.getMessage());
            return Optional.empty();
        }
    }

    // ---- health ----

    public Health health() {
        String databaseError = null;
        try {
            database.currentVersion();
        } catch (StatusException e) {
            databaseError = e.getMessage();
        }
        String redisError = redis == null ? null : redis.ping(HEALTH_PING_TIMEOUT.compareTo(config.redisTimeout()) < 0
                ? HEALTH_PING_TIMEOUT : config.redisTimeout());
        String redisState = redis == null ? "disabled" : redisError == null ? "up" : "down";
        return new Health(databaseError == null, databaseError, redisState, redisError,
                following ? follower.current().version() : -1);
    }

    public SyncStats stats() {
        return follower.stats(redis == null ? 0 : redis.reconnects(), publishFailures.get());
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close();
        }
        if (changeDispatcher != null) {
            changeDispatcher.close();
        }
        maintenance.close();
        follower.close();
        if (redis != null) {
            redis.close();
        }
        scheduler.shutdownNow();
        if (ownPool != null) {
            try {
                ownPool.close();
            } catch (Exception e) {
                log.debug("closing the pool", e);
            }
        }
    }
}
