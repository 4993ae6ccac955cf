package dev.statusstream.server;

import dev.statusstream.StatusStream;
import dev.statusstream.Subscription;
import dev.statusstream.server.notify.Channels;
import dev.statusstream.server.notify.HookPoster;
import dev.statusstream.server.mail.SmtpMailer;
import dev.statusstream.Channel;
import java.util.ArrayList;
import java.util.List;
import dev.statusstream.internal.Json;
import dev.statusstream.server.admin.AdminRoutes;
import dev.statusstream.server.branding.BrandingAssets;
import dev.statusstream.server.console.ConsoleRoutes;
import dev.statusstream.server.automation.HeartbeatApi;
import dev.statusstream.server.api.DirectStatusRead;
import dev.statusstream.server.api.ErrorMapping;
import dev.statusstream.server.api.HealthApi;
import dev.statusstream.server.api.HttpError;
import dev.statusstream.server.api.IncidentHistory;
import dev.statusstream.server.api.JsonErrorHandler;
import dev.statusstream.server.api.PostgresBreaker;
import dev.statusstream.server.api.PublicRead;
import dev.statusstream.server.api.RenderedCache;
import dev.statusstream.server.api.SiteResolver;
import dev.statusstream.server.api.StatusApi;
import dev.statusstream.server.api.badge.BadgeApi;
import dev.statusstream.server.api.feed.FeedApi;
import dev.statusstream.server.api.statuspage.StatuspageApi;
import dev.statusstream.server.metrics.ServerMetrics;
import dev.statusstream.server.page.Messages;
import dev.statusstream.server.page.PageController;
import dev.statusstream.server.security.HeaderReadDeadline;
import dev.statusstream.server.security.OriginCheck;
import dev.statusstream.server.security.SecurityFilter;
import dev.statusstream.server.stream.DirectStream;
import dev.statusstream.server.stream.StreamHandler;
import dev.statusstream.server.stream.StreamHub;
import dev.statusstream.server.subscribe.Subscriptions;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the server from its parts: the route table and stream hub that {@link StatusRoutes} installs
 * (at the root here), and Jetty tuned for many long-lived streams. {@code Main} and the tests both use
 * this factory. Not thread-safe to start and stop concurrently; the running server is.
 */
public final class StatusServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatusServer.class);

    private final Javalin app;
    private final StreamHub hub;
    private final ServerConfig config;

    private StatusServer(Javalin app, StreamHub hub, ServerConfig config) {
        this.app = app;
        this.hub = hub;
        this.config = config;
    }

    /** The server for {@code status} (which it follows) configured by {@code config}; not started. */
    public static StatusServer create(StatusStream status, ServerConfig config) {
        var hub = new AtomicReference<StreamHub>(); // set inside Javalin.create, which runs the consumer at once
        Javalin app = Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.concurrency.useVirtualThreads = true;
            javalin.jsonMapper(new JavalinJackson(Json.mapper(), true));
            javalin.contextResolver.ip = ctx -> config.proxies().clientAddress(ctx);
            javalin.http.maxRequestSize = 64 * 1024;
            // one spelling per path: "/metrics/" is not "/metrics", so a proxy rule written for a path covers it
            javalin.router.ignoreTrailingSlashes = false;
            javalin.jetty.modifyHttpConfiguration(http -> http.setOutputBufferSize(4096));
            javalin.jetty.addConnector((server, http) -> {
                var connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost(config.host());
                connector.setPort(config.port());
                connector.setIdleTimeout(idleTimeout(config.heartbeat()).toMillis());
                connector.setAcceptQueueSize(4096);
                connector.addEventListener(new HeaderReadDeadline(connector.getScheduler(), config.requestHeaderTimeout()));
                return connector;
            });
            javalin.jetty.modifyServer(server -> {
                server.setStopTimeout(StatusRoutes.SHUTDOWN_GRACE.toMillis());
                // what Jetty refuses before routing (bad request line, URI or headers too long) is JSON too
                server.setErrorHandler(new JsonErrorHandler());
            });
            ErrorMapping.registerFallbacks(javalin);
            // the server's library was built by Main, from its configuration: the pool is ours to report
            hub.set(StatusRoutes.install(javalin, status, config,
                    new StatusRoutes.Mount("", SiteResolver.fixed(config.site()), true, true, true, true)));
            // every node delivers notifications (unless its concurrency is 0): the queue is shared, and each
            // delivery is claimed by one node; each send waits for a broadcast in flight to the live streams
            var delivering = new AtomicReference<Subscription>();
            HookPoster poster = Channels.poster(config.site(), status.config().allowPrivateTargets());
            List<Channel> channels = new ArrayList<>(Channels.hooks(poster, config.site(), status.config().defaultLanguage()));
            SmtpMailer notificationMailer = config.mailEnabled() && config.delivery().delivers()
                    ? Channels.mailer(config.mail(), config.delivery().concurrency()) : null;
            if (notificationMailer != null) {
                channels.add(Channels.email(notificationMailer, config.mail(), config.site(), status.config().defaultLanguage(),
                        status::snapshot));
            }
            StreamHub streams = hub.get();
            javalin.events.serverStarted(() -> delivering.set(status.deliver(channels, config.delivery(), streams::awaitQuiet)));
            javalin.events.serverStopped(() -> {
                Subscription running = delivering.getAndSet(null);
                if (running != null) {
                    running.close();
                }
                poster.close();
                if (notificationMailer != null) {
                    notificationMailer.close();
                }
            });
            javalin.events.serverStartFailed(poster::close);
        });
        return new StatusServer(app, hub.get(), config);
    }

    /**
     * The route table, shared by this server (at the root) and {@link StatusRoutes#mount} (under a
     * prefix such as {@code /status}): every path starts with the mount's prefix.
     */
    static void routes(JavalinConfig javalin, StatusStream status, ServerConfig config, StreamHub hub,
            StatusRoutes.Mount mount) {
        String prefix = mount.prefix();
        var cache = new RenderedCache(RenderedCache.DEFAULT_MAX_BYTES);
        var breaker = new PostgresBreaker(status);
        javalin.events.serverStarting(breaker::start);
        javalin.events.serverStopped(breaker::close);
        javalin.events.serverStartFailed(breaker::close);
        var page = new PageController(status, TemplateEngine.createPrecompiled(ContentType.Html), Messages.load(), prefix,
                status.clock(), mount.sites().name(), cache, breaker, config.mailEnabled());
        var api = new StatusApi(status, cache);
        var originCheck = new OriginCheck(config.origins(), hub.stats());
        if (mount.directReads()) {
            var security = new SecurityFilter(config.proxies());
            // streams first, then /api/status, both on the thread that parsed the request; the servlets behind
            var direct = new DirectStream(prefix + "/api/status/stream", hub, config.proxies()::clientAddress,
                    originCheck::allowed, security::secure);
            direct.setHandler(new DirectStatusRead(api, security::secure));
            // innermost of Jetty's wrappers, so Javalin hangs its servlet context behind this handler
            javalin.jetty.modifyServer(server -> {
                Handler.Wrapper inner = server;
                while (inner.getHandler() instanceof Handler.Wrapper next) {
                    inner = next;
                }
                if (inner.getHandler() != null) {
                    throw new IllegalStateException("unexpected Jetty handler " + inner.getHandler());
                }
                inner.setHandler(direct);
            });
        }
        var health = new HealthApi(status, hub::version, hub::openStreams);

        javalin.routes.get(prefix + "/", page::index);
        javalin.routes.get(prefix + "/incidents/{slug}", page::incident);
        javalin.routes.get(prefix + "/history", page::history);
        var branding = new BrandingAssets(status);
        javalin.routes.get(prefix + "/branding/logo/{sha256}", branding::logo);
        javalin.routes.get(prefix + "/branding/theme/{file}", branding::theme);
        publicRead(javalin, prefix + "/api/status", api::snapshot);
        javalin.routes.before(prefix + "/api/status/stream", originCheck);
        javalin.routes.get(prefix + "/api/status/stream", new StreamHandler(hub));
        javalin.routes.get(prefix + "/healthz", health::alive);
        javalin.routes.get(prefix + "/readyz", health::ready);

        // ---- other read APIs: Statuspage-compatible v2, feeds, badge (public, CORS *), metrics ----
        var history = new IncidentHistory(status, breaker);
        var statuspage = new StatuspageApi(status, history, mount.sites(), cache, breaker);
        var feeds = new FeedApi(status, history, mount.sites(), Messages.load(), cache);
        var badges = new BadgeApi(status, mount.sites(), Messages.load(), cache);
        publicRead(javalin, prefix + "/api/v2/summary.json", statuspage::summary);
        publicRead(javalin, prefix + "/api/v2/status.json", statuspage::status);
        publicRead(javalin, prefix + "/api/v2/components.json", statuspage::components);
        publicRead(javalin, prefix + "/api/v2/incidents.json", statuspage::incidents);
        publicRead(javalin, prefix + "/api/v2/incidents/unresolved.json", statuspage::unresolved);
        publicRead(javalin, prefix + "/api/v2/scheduled-maintenances.json", statuspage::maintenances);
        publicRead(javalin, prefix + "/api/v2/scheduled-maintenances/upcoming.json", statuspage::upcoming);
        publicRead(javalin, prefix + "/api/v2/scheduled-maintenances/active.json", statuspage::active);
        publicRead(javalin, prefix + "/history.atom", feeds::atom);
        publicRead(javalin, prefix + "/history.rss", feeds::rss);
        publicRead(javalin, prefix + "/badge.svg", badges::badge);
        // ---- automation: a heartbeat's path holds its secret token, the credential of a cron job's curl ----
        var heartbeats = new HeartbeatApi(status);
        javalin.routes.get(prefix + "/api/heartbeats/{token}", heartbeats::ping);
        javalin.routes.post(prefix + "/api/heartbeats/{token}", heartbeats::ping);
        if (mount.metrics()) {
            var metrics = ServerMetrics.create(status, hub, cache, breaker, mount.poolMetrics());
            hub.afterBroadcast(metrics::broadcastDone);
            javalin.events.serverStopped(metrics::close);
            javalin.events.serverStartFailed(metrics::close);
            javalin.routes.get(prefix + "/metrics", exactly(prefix + "/metrics", metrics::scrape));
        }

        // named tokens and operators can be added while the server runs: the standalone server always has
        // the routes (answering 404 until some credential exists); a mounted page has them when asked
        if (config.adminEnabled() || mount.accounts()) {
            AdminRoutes.register(javalin, status, config.adminTokens(), prefix);
        }
        if (mount.accounts()) {
            ConsoleRoutes.register(javalin, status, TemplateEngine.createPrecompiled(ContentType.Html), config.proxies());
        }
        if (config.mailEnabled()) {
            Subscriptions.install(javalin, prefix, status, config.site().url(), page);
        }
    }

    /**
     * {@code handler} for {@code path} spelt exactly so, whatever the router lets through (a trailing
     * slash under a host application that ignores them, a {@code ;param}, an escaped letter): proxies
     * guard a path such as {@code /metrics} by its spelling.
     */
    private static io.javalin.http.Handler exactly(String path, io.javalin.http.Handler handler) {
        return ctx -> {
            if (!ctx.req().getRequestURI().equals(ctx.req().getContextPath() + path)) {
                throw new HttpError(404, "not found: " + ctx.path(), null);
            }
            handler.handle(ctx);
        };
    }

    /**
     * A public read: GET, HEAD with the same headers (Javalin would otherwise answer HEAD without
     * running the handler, so without validators), and the CORS preflight. CORS is set before the
     * handler runs, so that errors (a bad {@code ?lang=}, an unknown badge service, PostgreSQL down) are
     * readable by scripts on other sites too. Set by the route itself rather than by a before-handler:
     * Javalin matches every before-handler's path against every request, streams and pages included,
     * and a dozen of them were a visible share of the CPU a new stream costs.
     */
    private static void publicRead(JavalinConfig javalin, String path, io.javalin.http.Handler handler) {
        io.javalin.http.Handler withCors = ctx -> {
            PublicRead.cors(ctx);
            handler.handle(ctx);
        };
        javalin.routes.get(path, withCors);
        javalin.routes.head(path, withCors);
        javalin.routes.options(path, ctx -> {
            PublicRead.cors(ctx);
            PublicRead.preflight(ctx);
        });
    }

    /**
     * Jetty's idle timeout only fails a read or write that makes no progress; it never closes an idle
     * stream. Chosen together with the heartbeat: at twice the heartbeat it can never fire on a healthy
     * stream (which writes at least once per heartbeat, so a dead one is found by writing within two
     * heartbeats), and it remains the backstop behind the slow-client limit for a write that never
     * completes. At least 30 s, so that a short test heartbeat does not shorten it for page requests.
     */
    static Duration idleTimeout(Duration heartbeat) {
        Duration twice = heartbeat.multipliedBy(2);
        return twice.compareTo(Duration.ofSeconds(30)) < 0 ? Duration.ofSeconds(30) : twice;
    }

    public StatusServer start() {
        app.start();
        log.info("StatusStream listening on http://{}:{} ({} mode)", config.host(), port(),
                config.origins().production() ? "production" : "development");
        return this;
    }

    public int port() {
        return app.port();
    }

    public StreamHub hub() {
        return hub;
    }

    /** Ends every stream (browsers reconnect elsewhere), then stops Jetty. */
    @Override
    public void close() {
        app.stop();
        hub.close();
    }
}
