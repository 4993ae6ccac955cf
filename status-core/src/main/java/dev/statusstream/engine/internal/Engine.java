package dev.statusstream.engine.internal;

import dev.statusstream.Accounts;
import dev.statusstream.Actor;
import dev.statusstream.AddMonitor;
import dev.statusstream.AddOperator;
import dev.statusstream.AddService;
import dev.statusstream.AddSubscriber;
import dev.statusstream.AddTemplate;
import dev.statusstream.Change;
import dev.statusstream.EmailSignup;
import dev.statusstream.ChangeEvent;
import dev.statusstream.ChangeListener;
import dev.statusstream.ChangeOperatorRole;
import dev.statusstream.Channel;
import dev.statusstream.ConfirmEmail;
import dev.statusstream.CreateToken;
import dev.statusstream.DeliveryGate;
import dev.statusstream.DeliverySettings;
import dev.statusstream.DeliveryStats;
import dev.statusstream.EditIncident;
import dev.statusstream.EditService;
import dev.statusstream.EditTemplate;
import dev.statusstream.Health;
import dev.statusstream.Incident;
import dev.statusstream.IncidentKind;
import dev.statusstream.IncidentTemplate;
import dev.statusstream.LogoImage;
import dev.statusstream.OpenIncident;
import dev.statusstream.Operation;
import dev.statusstream.PauseMonitor;
import dev.statusstream.Publication;
import dev.statusstream.Publish;
import dev.statusstream.ReissueLink;
import dev.statusstream.RemoveEmailSubscriber;
import dev.statusstream.RemoveMonitor;
import dev.statusstream.RemoveOperator;
import dev.statusstream.RemovePostmortem;
import dev.statusstream.RemoveService;
import dev.statusstream.RemoveSubscriber;
import dev.statusstream.RemoveTemplate;
import dev.statusstream.ReorderServices;
import dev.statusstream.ResolveIncident;
import dev.statusstream.RevokeToken;
import dev.statusstream.Service;
import dev.statusstream.ServiceControl;
import dev.statusstream.SetBranding;
import dev.statusstream.SetControl;
import dev.statusstream.SetPostmortem;
import dev.statusstream.SetStatus;
import dev.statusstream.automation.internal.AlertIncidents;
import dev.statusstream.Snapshot;
import dev.statusstream.SnapshotListener;
import dev.statusstream.StatusException;
import dev.statusstream.StatusPeriod;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.SubscribeByEmail;
import dev.statusstream.Subscriber;
import dev.statusstream.SubscriberToken;
import dev.statusstream.Subscription;
import dev.statusstream.SubscriptionLink;
import dev.statusstream.SyncStats;
import dev.statusstream.UnavailableException;
import dev.statusstream.UnsubscribeEmail;
import dev.statusstream.UpdateIncident;
import dev.statusstream.accounts.internal.AccountRepository;
import dev.statusstream.accounts.internal.AccountService;
import dev.statusstream.automation.internal.Alerts;
import dev.statusstream.automation.internal.AutomaticStatus;
import dev.statusstream.automation.internal.MonitorRepository;
import dev.statusstream.automation.internal.Monitors;
import dev.statusstream.automation.internal.Verdicts;
import dev.statusstream.bus.internal.LocalSnapshotBus;
import dev.statusstream.bus.internal.RedisSnapshotBus;
import dev.statusstream.bus.internal.EncodedSnapshot;
import dev.statusstream.bus.internal.SnapshotBus;
import dev.statusstream.events.internal.ChangeDispatcher;
import dev.statusstream.events.internal.PostgresChangeListener;
import dev.statusstream.events.internal.SnapshotFollower;
import dev.statusstream.internal.TargetAddresses;
import dev.statusstream.maintenance.internal.MaintenanceScheduler;
import dev.statusstream.notify.internal.Deliveries;
import dev.statusstream.notify.internal.Outbox;
import dev.statusstream.notify.internal.SubscriberRepository;
import dev.statusstream.notify.internal.SubscriberWrites;
import dev.statusstream.store.internal.BrandingRepository;
import dev.statusstream.store.internal.Committed;
import dev.statusstream.store.internal.Database;
import dev.statusstream.store.internal.EmailSubscriptions;
import dev.statusstream.store.internal.IncidentRepository;
import dev.statusstream.store.internal.IncidentWrites;
import dev.statusstream.store.internal.MaintenanceEffects;
import dev.statusstream.store.internal.NothingToCommit;
import dev.statusstream.store.internal.PostmortemWrites;
import dev.statusstream.store.internal.ServiceRepository;
import dev.statusstream.store.internal.ServiceWrites;
import dev.statusstream.store.internal.SnapshotBuilder;
import dev.statusstream.store.internal.TemplateRepository;
import dev.statusstream.store.internal.WriteTx;
import dev.statusstream.store.internal.Written;
import io.lettuce.core.RedisClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link dev.statusstream.StatusStream} delegates to: wires the database, the write rules, the bus
 * and the follower, and publishes every commit. The jobs a node runs in the background are
 * {@link BackgroundJobs}'s, and the outbox's delivery {@link Deliveries}'s. Thread-safe.
 */
public final class Engine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    private final StatusStreamConfig config;
    private final Database database;
    private final AutoCloseable ownPool;
    private final ServiceRepository services = new ServiceRepository();
    private final IncidentRepository incidents = new IncidentRepository();
    private final AccountRepository accountRepository = new AccountRepository();
    private final Accounts accounts;
    private final EmailSubscriptions emails = new EmailSubscriptions(services);
    private final ServiceWrites serviceWrites;
    private final AutomaticStatus automaticStatus;
    private final Monitors monitors;
    private final Alerts alerts;
    private final IncidentWrites incidentWrites;
    private final PostmortemWrites postmortems;
    private final TemplateRepository templates;
    private final BrandingRepository branding = new BrandingRepository();
    private final MaintenanceScheduler maintenance;
    private final SubscriberRepository subscribers = new SubscriberRepository();
    private final SubscriberWrites subscriberWrites;
    private final BackgroundJobs jobs;
    private final Outbox outbox = new Outbox();
    private final Deliveries deliveries;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("statusstream-scheduler").factory());
    private final SnapshotBus bus;
    private final SnapshotFollower follower;
    private volatile PostgresChangeListener listener;
    /** How often a process started without PostgreSQL tries to migrate again. */
    private static final Duration SCHEMA_RETRY = Duration.ofSeconds(2);
    /** A health check must answer quickly even when Redis hangs. */
    private static final Duration HEALTH_PING_TIMEOUT = Duration.ofMillis(500);
    private volatile ChangeDispatcher changeDispatcher;
    private volatile boolean following;
    /** Follows without running the page: no maintenance moves, no writes to the Redis cache. */
    private final boolean observer;
    private final Clock clock;

    private Engine(StatusStreamConfig config, DataSource dataSource, AutoCloseable ownPool, RedisClient redisClient,
            Clock clock, boolean observer) {
        this.config = config;
        this.observer = observer;
        this.clock = clock;
        this.ownPool = ownPool;
        // our own pool's connections carry the statement timeout (Database.sessionSetup); a host's get it per transaction
        this.database = new Database(dataSource, config.databaseTimeout(), ownPool != null, clock,
                new SnapshotBuilder(services, incidents, branding, config.recentIncidents()));
        this.postmortems = new PostmortemWrites(incidents, config.defaultLanguage());
        this.templates = new TemplateRepository(services, config.defaultLanguage());
        this.serviceWrites = new ServiceWrites(services, config.defaultLanguage());
        this.automaticStatus = new AutomaticStatus(serviceWrites, config.defaultLanguage());
        this.monitors = new Monitors(database, clock, TargetAddresses.of(config.allowPrivateTargets()), this::applyAutomatic);
        this.incidentWrites = new IncidentWrites(incidents, services, new MaintenanceEffects(services, serviceWrites),
                config.defaultLanguage());
        this.alerts = new Alerts(database, new Verdicts(new MonitorRepository()), this::applyAutomatic,
                new AlertIncidents(database, incidents, incidentWrites, config.defaultLanguage(), this::commitUnlessNothing));
        this.database.afterWrite(outbox);
        this.subscriberWrites = new SubscriberWrites(subscribers, services, TargetAddresses.of(config.allowPrivateTargets()),
                config.defaultLanguage());
        this.maintenance = new MaintenanceScheduler(database, incidents, incidentWrites, work -> commit(Actor.scheduler(), work));
        this.bus = redisClient != null || config.redisUrl() != null
                ? new RedisSnapshotBus(redisClient, config.redisUrl(), config.channel(), config.cacheKey(), config.cacheTtl(),
                        config.redisTimeout(), scheduler)
                : new LocalSnapshotBus();
        this.follower = new SnapshotFollower(database, config.resyncInterval(), bus::stored);
        this.accounts = new AccountService(database, accountRepository);
        this.jobs = new BackgroundJobs(maintenance, monitors, database, emails, scheduler);
        this.deliveries = new Deliveries(database, incidents, outbox);
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
                    // the reason (no such database, a refused password) tells a newcomer what to fix; the pool's timeout does not
                    log.warn("cannot use PostgreSQL at start ({}); starting without it, serving the cached snapshot, and "
                            + "retrying every {}s", Database.failureReason(e), SCHEMA_RETRY.toSeconds());
                    engine.scheduler.schedule(engine::retryMigration, SCHEMA_RETRY.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            engine.bus.start(engine::busReconnected);
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
        bus.subscribe(follower::offerMessage);
        listener = new PostgresChangeListener(database.dataSource(),
                version -> follower.offerNotified(version, bus.messageGrace()),
                follower::offerNotifiedMessage,
                () -> follower.resyncSoon(() -> {
                }));
        listener.start();
        if (observer) {
            return;
        }
        bus.keepFresh(follower::current);
        jobs.start(follower);
    }

    public Monitors monitors() {
        return monitors;
    }

    public Alerts alerts() {
        return alerts;
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

    public Clock clock() {
        return clock;
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
    public <T> Change<T> execute(Operation<T> operation, Actor actor, String address) {
        return AuditTrail.scope(operation, address, services, incidents, accountRepository)
                .around(() -> dispatch(operation, actor));
    }

    public Accounts accounts() {
        return accounts;
    }

    @SuppressWarnings("unchecked")
    private <T> Change<T> dispatch(Operation<T> operation, Actor actor) {
        Change<?> change = switch (operation) {
            case AddService o -> commit(actor, tx -> serviceWrites.add(tx, o.service()));
            case EditService o -> commit(actor, tx -> serviceWrites.update(tx, o.id(), o.patch()));
            case SetStatus o -> commit(actor, tx -> {
                // a status set by hand is the operator's: automation leaves it alone until handed back
                Written<Service> written = serviceWrites.setStatus(tx, o.serviceId(), o.status(), o.summary());
                AutomaticStatus.markManual(tx.handle(), o.serviceId());
                return written;
            });
            case AddMonitor o -> monitors.add(actor, o.monitor());
            case RemoveMonitor o -> monitors.remove(actor, o.name());
            case PauseMonitor o -> monitors.pause(actor, o.name(), o.paused());
            case SetControl o -> commitBehindThePage(actor, h -> {
                Service service = services.require(h, o.serviceId(), "id");
                AutomaticStatus.setControl(h, o.serviceId(), o.control());
                return new ServiceControl(o.serviceId(), o.control(), service.status());
            });
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
            case AddSubscriber o -> commitBehindThePage(actor, h -> subscriberWrites.add(h, o, actor, database.now()));
            case RemoveSubscriber o -> commitBehindThePage(actor, h -> subscriberWrites.remove(h, o.id()));
            case CreateToken o -> commitBehindThePage(actor, h -> accountRepository.createToken(h, o.name(), o.role(), database.now()));
            case RevokeToken o -> commitBehindThePage(actor, h -> accountRepository.revokeToken(h, o.name(), database.now()));
            case AddOperator o -> commitBehindThePage(actor, h -> accountRepository.addOperator(h, o.name(), o.role(), database.now()));
            case ChangeOperatorRole o -> commitBehindThePage(actor, h -> accountRepository.changeRole(h, o.name(), o.role()));
            case ReissueLink o -> commitBehindThePage(actor, h -> accountRepository.issueLink(h, o.name(), database.now()));
            case RemoveOperator o -> commitBehindThePage(actor, h -> accountRepository.removeOperator(h, o.name()));
            case SubscribeByEmail o -> {
                Instant now = database.now();
                Change<EmailSignup> asked = commitBehindThePage(actor, h -> {
                    EmailSignup signup = emails.request(h, o, config.defaultLanguage(), now);
                    outbox.subscriptionMail(h, signup, now);
                    return signup;
                });
                deliveries.wake();
                yield asked;
            }
            case ConfirmEmail o -> commitBehindThePage(actor,
                    h -> new SubscriptionLink(SubscriberToken.parse(o.token()).orElseThrow().subscriberId(),
                            emails.confirm(h, o.token(), database.now())));
            case UnsubscribeEmail o -> commitBehindThePage(actor,
                    h -> new SubscriptionLink(SubscriberToken.parse(o.token()).orElseThrow().subscriberId(),
                            emails.unsubscribe(h, o.token())));
            case RemoveEmailSubscriber o -> commitBehindThePage(actor, h -> emails.remove(h, o.email()));
            case Publish o -> {
                Publication publication = publish();
                yield new Change<>(publication.version(), publication);
            }
        };
        return (Change<T>) change;
    }

    /**
     * Sets a service's status for automation, if the precedence rule lets it (the service is
     * automatic, not under maintenance, and the status would change).
     *
     * @param verdict what the status should be, read inside the write's transaction
     * @return the change, or empty when nothing changed
     */
    public Optional<Change<Service>> applyAutomatic(Actor actor, String serviceId,
            Function<Handle, AutomaticStatus.Verdict> verdict) {
        try {
            return Optional.of(commit(actor, tx -> automaticStatus.apply(tx, serviceId, verdict.apply(tx.handle()))));
        } catch (NothingToCommit e) {
            return Optional.empty();
        }
    }

    /** A write that may find, under the version lock, that there is nothing to do. */
    private Optional<Change<Incident>> commitUnlessNothing(Actor actor, Function<WriteTx, Written<Incident>> work) {
        try {
            return Optional.of(commit(actor, work));
        } catch (NothingToCommit e) {
            return Optional.empty();
        }
    }

    public List<Change<Incident>> runDueMaintenance() {
        return maintenance.runDue();
    }

    private Publication publish() {
        Snapshot snapshot = database.announce();
        if (following) {
            follower.offerVersion(snapshot.version());
        }
        return bus.publish(EncodedSnapshot.of(snapshot, List.of()));
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
        bus.publish(committed.encoded());
        return new Change<>(committed.version(), committed.value());
    }

    /** The bus is back: catch up from PostgreSQL, then give the bus the newest snapshot again. */
    private void busReconnected() {
        if (following) {
            follower.resyncSoon(() -> bus.republish(follower.current()));
        }
    }

    // ---- subscriptions ----

    public List<Subscriber> subscribers(String after, int limit) {
        return database.read(h -> subscribers.page(h, after, limit));
    }

    public Optional<Subscriber> subscriber(String id) {
        return database.read(h -> subscribers.find(h, id));
    }

    /**
     * Starts delivering the outbox from this process with these channels; a change seen on any node wakes
     * it. Once per process.
     */
    public Subscription deliver(List<Channel> channels, DeliverySettings settings, DeliveryGate gate) {
        follow();
        return deliveries.start(channels, settings, gate, follower::subscribe);
    }

    /** What this process delivered, and the queue all nodes share; empty figures when it does not deliver. */
    public DeliveryStats deliveryStats() {
        return deliveries.stats();
    }

    // ---- health ----

    public Health health() {
        String databaseError = null;
        try {
            database.currentVersion();
        } catch (StatusException e) {
            databaseError = e.getMessage();
        }
        SnapshotBus.State redis = bus.check(HEALTH_PING_TIMEOUT);
        return new Health(databaseError == null, databaseError, redis.name(), redis.error(),
                following ? follower.current().version() : -1);
    }

    public SyncStats stats() {
        return follower.stats(bus.reconnects(), bus.publishFailures());
    }

    @Override
    public void close() {
        deliveries.close();
        if (listener != null) {
            listener.close();
        }
        if (changeDispatcher != null) {
            changeDispatcher.close();
        }
        jobs.close();
        follower.close();
        bus.close();
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
