package dev.statusstream.server;

import dev.statusstream.StatusStream;
import dev.statusstream.internal.Json;
import dev.statusstream.server.api.ErrorMapping;
import dev.statusstream.server.api.HealthApi;
import dev.statusstream.server.api.StatusApi;
import dev.statusstream.server.page.Messages;
import dev.statusstream.server.page.PageController;
import dev.statusstream.server.security.OriginCheck;
import dev.statusstream.server.stream.StreamHandler;
import dev.statusstream.server.stream.StreamHub;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the server from its parts: one route table, the stream hub, and Jetty tuned for many
 * long-lived streams. {@code Main} and the tests both use this factory. Not thread-safe to start and
 * stop concurrently; the running server is.
 */
public final class StatusServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatusServer.class);
    /** How long shutdown waits for streams to end before cutting them. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

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
        StreamHub hub = new StreamHub(status, config.heartbeat(), config.slowClientLimit(), config.maxStreams(),
                config.maxStreamsPerIp()).start();
        Javalin app = Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.concurrency.useVirtualThreads = true;
            javalin.jsonMapper(new JavalinJackson(Json.mapper(), true));
            javalin.http.maxRequestSize = 64 * 1024;
            javalin.jetty.modifyHttpConfiguration(http -> http.setOutputBufferSize(4096));
            javalin.jetty.addConnector((server, http) -> {
                var connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost(config.host());
                connector.setPort(config.port());
                connector.setIdleTimeout(idleTimeout(config.heartbeat()).toMillis());
                connector.setAcceptQueueSize(4096);
                return connector;
            });
            javalin.jetty.modifyServer(server -> server.setStopTimeout(SHUTDOWN_GRACE.toMillis()));
            javalin.events.serverStopping(() -> hub.shutdown(SHUTDOWN_GRACE));
            javalin.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/static";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "public, max-age=300");
            });
            ErrorMapping.register(javalin);
            routes(javalin, status, config, hub, "");
        });
        return new StatusServer(app, hub, config);
    }

    /** The route table; {@code prefix} is empty at the root or a path such as {@code /status}. */
    static void routes(JavalinConfig javalin, StatusStream status, ServerConfig config, StreamHub hub, String prefix) {
        var page = new PageController(status, TemplateEngine.createPrecompiled(ContentType.Html), Messages.load(), prefix);
        var api = new StatusApi(status);
        var health = new HealthApi(status, hub);
        var originCheck = new OriginCheck(config.origins(), hub.stats());

        javalin.routes.get(prefix + "/", page::index);
        javalin.routes.get(prefix + "/api/status", api::snapshot);
        javalin.routes.before(prefix + "/api/status/stream", originCheck);
        javalin.routes.get(prefix + "/api/status/stream", new StreamHandler(hub));
        javalin.routes.get(prefix + "/healthz", health::alive);
        javalin.routes.get(prefix + "/readyz", health::ready);
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
