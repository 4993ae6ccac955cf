package dev.statusstream.server;

import dev.statusstream.StatusStream;
import dev.statusstream.DeliverySettings;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.ValidationException;
import dev.statusstream.server.api.ErrorMapping;
import dev.statusstream.server.api.PublicSite;
import dev.statusstream.server.api.SiteResolver;
import dev.statusstream.server.security.OriginPolicy;
import dev.statusstream.server.security.SecurityFilter;
import dev.statusstream.server.security.TrustedProxies;
import dev.statusstream.server.stream.StreamHub;
import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.FilterHolder;

/**
 * Mounts the status page, its live stream and the read APIs into your own Javalin 7 application under
 * a path prefix:
 *
 * <pre>{@code
 * Javalin.create(config -> {
 *     config.routes.get("/", ctx -> ctx.result("my shop"));
 *     StatusRoutes.mount(config, "/status", status);
 * }).start(8080);
 * }</pre>
 *
 * <p>Under the prefix: the page ({@code /status/}), its assets ({@code /status/static/}), the snapshot
 * ({@code /status/api/status}), the stream ({@code /status/api/status/stream}, behind the origin check),
 * {@code /status/healthz} and {@code /status/readyz}, the Statuspage-compatible API, the feeds and the
 * badge: the same route table the standalone server serves at the root ({@code /metrics} and the admin
 * API only when {@link Options} turn them on). The stream's hub starts with the application (heartbeats,
 * slow-client sweep), ends every stream when the application stops (so a graceful Jetty stop does not
 * wait for them) and then stops its timers.
 *
 * <p>Everything under the prefix is written with StatusStream's own JSON mapper, whatever mapper the
 * application configured. StatusStream's own exceptions ({@code ValidationException} and the rest)
 * become JSON errors everywhere in the application, and so do our refusals under the prefix (401, 403,
 * 413, 415, 429, 503); every other error stays the application's to handle. One Jetty setting changes
 * for the whole application: header values are matched case-sensitively in Jetty's per-connection
 * header cache, so that a token or origin is seen exactly as sent, not as an earlier request's value that
 * differs only in case (if you add connectors, build them from the {@code HttpConfiguration} Javalin
 * passes you). Your threads and other Jetty settings are left alone (for thousands of streams per node,
 * a 4 KB output buffer keeps memory per stream low:
 * {@code config.jetty.modifyHttpConfiguration(h -> h.setOutputBufferSize(4096))}).
 *
 * <p>The {@link StatusStream} stays yours: close it after stopping the application. Stateless, so
 * thread-safe; call it inside {@code Javalin.create}, once per prefix.
 */
public final class StatusRoutes {
    /** How long stopping waits for streams to end before cutting them. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)*");

    private StatusRoutes() {
    }

    /**
     * Mounts with the default {@link Options}: development mode, 30 s heartbeat, no admin API, no
     * {@code /metrics}.
     *
     * @param config the application's configuration, inside {@code Javalin.create}
     * @param prefix where to mount, e.g. {@code /status}; empty for the root
     * @param status the library instance to serve
     */
    public static void mount(JavalinConfig config, String prefix, StatusStream status) {
        mount(config, prefix, status, Options.defaults());
    }

    /**
     * Mounts with the given options.
     *
     * @param config  the application's configuration, inside {@code Javalin.create}
     * @param prefix  where to mount, e.g. {@code /status}; empty for the root
     * @param status  the library instance to serve
     * @param options who may open the stream, heartbeat and limits, admin API, site, metrics
     * @throws ValidationException when the prefix is not a plain path such as {@code /status}
     */
    public static void mount(JavalinConfig config, String prefix, StatusStream status, Options options) {
        install(config, status, options.serverConfig(status.config()), options.mount(normalize(prefix)));
    }

    /**
     * What the standalone server and every mount install: the stream hub and its lifecycle, the assets,
     * header values seen as sent, the mapping of StatusStream's exceptions, and
     * {@link StatusServer#routes the route table}.
     */
    static StreamHub install(JavalinConfig javalin, StatusStream status, ServerConfig config, Mount mount) {
        String prefix = mount.prefix();
        StreamHub hub = new StreamHub(status, config.heartbeat(), config.slowClientLimit(), config.maxStreams(),
                config.maxStreamsPerIp());
        javalin.events.serverStarting(hub::start);
        javalin.events.serverStopping(() -> hub.shutdown(SHUTDOWN_GRACE));
        javalin.events.serverStopped(hub::close);
        javalin.events.serverStartFailed(hub::close);
        // Jetty's per-connection header cache matches values ignoring case by default, so on a
        // kept-alive connection "Bearer abc" could arrive as an earlier "Bearer ABC" (and an Origin as
        // an earlier origin in another case): tokens and origins must be seen as sent.
        javalin.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
        // security headers and no method override, for our paths only (a host application's are its own)
        var security = new FilterHolder(new SecurityFilter(config.proxies()));
        javalin.jetty.modifyServletContextHandler(context -> context.addFilter(security,
                prefix.isEmpty() ? "/*" : prefix + "/*", EnumSet.of(DispatcherType.REQUEST)));
        javalin.staticFiles.add(files -> {
            files.hostedPath = prefix + "/static";
            // our own classpath folder, so a host application's /static is never served under our prefix
            files.directory = "/statusstream/static";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "public, max-age=300");
        });
        ErrorMapping.register(javalin);
        StatusServer.routes(javalin, status, config, hub, mount);
        return hub;
    }

    /** {@code "/status/"} becomes {@code "/status"}, {@code "/"} becomes {@code ""}. */
    static String normalize(String prefix) {
        String p = prefix == null ? "" : prefix.strip();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!PREFIX.matcher(p).matches()) {
            throw new ValidationException("prefix", "'" + prefix
                    + "' must be a plain path starting with '/', such as /status (letters, digits and . _ ~ - between slashes)");
        }
        return p;
    }

    /**
     * How a mounted status page behaves. Immutable and thread-safe; start from {@link #defaults()} and
     * change it with the {@code with...} methods, each of which checks its value and names the option in
     * a {@link ValidationException}.
     */
    public static final class Options {
        /** Stands in for "the address each request came to" where a {@link PublicSite} needs an address. */
        private static final String REQUEST_ADDRESS = "http://localhost";

        private final OriginPolicy origins;
        private final Duration heartbeat;
        private final Duration slowClientLimit;
        private final int maxStreams;
        private final int maxStreamsPerIp;
        private final List<String> adminTokens;
        private final String siteName;
        /** Null: the address each request came to. */
        private final String siteUrl;
        private final boolean metrics;

        private Options(OriginPolicy origins, Duration heartbeat, Duration slowClientLimit, int maxStreams,
                int maxStreamsPerIp, List<String> adminTokens, String siteName, String siteUrl, boolean metrics) {
            if (heartbeat == null || slowClientLimit == null) {
                throw new ValidationException(heartbeat == null ? "heartbeat" : "slowClientLimit", "is required");
            }
            if (maxStreams < 1 || maxStreamsPerIp < 1) {
                throw new ValidationException(maxStreams < 1 ? "maxStreams" : "maxStreamsPerIp", "must be at least 1");
            }
            this.origins = origins;
            this.heartbeat = heartbeat;
            this.slowClientLimit = slowClientLimit;
            this.maxStreams = maxStreams;
            this.maxStreamsPerIp = maxStreamsPerIp;
            this.adminTokens = adminTokens == null ? List.of() : List.copyOf(adminTokens);
            this.siteName = siteName;
            this.siteUrl = siteUrl;
            this.metrics = metrics;
            serverConfig(StatusStreamConfig.defaults());
        }

        /**
         * Development mode (missing {@code Origin} and localhost origins allowed), 30 s heartbeat, 20 s
         * slow-client limit, streams up to the open-file limit and 1,000 per address, no admin API, no
         * {@code /metrics}, and a site named "Status" at the address each request came to.
         *
         * @return the default options
         */
        public static Options defaults() {
            return new Options(OriginPolicy.of(false, List.of()), Duration.ofSeconds(30), Duration.ofSeconds(20),
                    ServerConfig.defaultMaxStreams(), 1000, List.of(), PublicSite.DEFAULT_NAME, null, false);
        }

        /**
         * A copy with another origin policy.
         *
         * @param production true to accept only same-origin requests and {@code allowedOrigins}
         * @param allowedOrigins other sites allowed to open the stream, exactly {@code scheme://host[:port]}
         * @return the new options
         * @throws ValidationException naming {@code allowedOrigins} when an origin is not one
         */
        public Options withOrigins(boolean production, List<String> allowedOrigins) {
            OriginPolicy policy;
            try {
                policy = OriginPolicy.of(production, allowedOrigins);
            } catch (ValidationException e) {
                throw new ValidationException("allowedOrigins", e.reason());
            }
            return new Options(policy, heartbeat, slowClientLimit, maxStreams, maxStreamsPerIp, adminTokens, siteName, siteUrl,
                    metrics);
        }

        /**
         * A copy with another heartbeat interval; keep it below every idle timeout between browser and
         * application.
         *
         * @param value 10 ms to 10 min
         * @return the new options
         */
        public Options withHeartbeat(Duration value) {
            return new Options(origins, value, slowClientLimit, maxStreams, maxStreamsPerIp, adminTokens, siteName, siteUrl,
                    metrics);
        }

        /**
         * A copy with another slow-client limit: how long a stream's socket may accept nothing before the
         * stream is dropped (the browser then reconnects and catches up).
         *
         * @param value at least 100 ms
         * @return the new options
         */
        public Options withSlowClientLimit(Duration value) {
            return new Options(origins, heartbeat, value, maxStreams, maxStreamsPerIp, adminTokens, siteName, siteUrl, metrics);
        }

        /**
         * A copy with other stream limits.
         *
         * @param total most open streams in this application
         * @param perIp most open streams from one client address
         * @return the new options
         */
        public Options withMaxStreams(int total, int perIp) {
            return new Options(origins, heartbeat, slowClientLimit, total, perIp, adminTokens, siteName, siteUrl, metrics);
        }

        /**
         * A copy with the admin API on, accepting these bearer tokens.
         *
         * @param tokens at least 16 characters each
         * @return the new options
         */
        public Options withAdminTokens(List<String> tokens) {
            return new Options(origins, heartbeat, slowClientLimit, maxStreams, maxStreamsPerIp, tokens, siteName, siteUrl,
                    metrics);
        }

        /**
         * A copy naming the page and its public address, as the Statuspage-compatible API's {@code page},
         * the feeds' links and the badge report them. Without an address, each of those reports the
         * address its request came to (scheme, {@code Host}, context path and prefix); give one when
         * readers arrive through a proxy that changes those, and for a {@code page.id} that stays the
         * same whatever address the page is read at.
         *
         * @param name      the page's name, 1 to 100 characters
         * @param publicUrl where readers open the page, e.g. {@code https://shop.example.com/status};
         *                  null for the address each request came to
         * @return the new options
         * @throws ValidationException naming {@code site} when the name or the address is not valid
         */
        public Options withSite(String name, String publicUrl) {
            PublicSite site;
            try {
                site = new PublicSite(name, publicUrl == null ? REQUEST_ADDRESS : publicUrl);
            } catch (ValidationException e) {
                throw new ValidationException("site", (e.field().equals("STATUS_PAGE_NAME") ? "name " : "address ")
                        + e.reason());
            }
            return new Options(origins, heartbeat, slowClientLimit, maxStreams, maxStreamsPerIp, adminTokens, site.name(),
                    publicUrl == null ? null : site.url(), metrics);
        }

        /**
         * A copy with {@code /metrics} (Prometheus text: streams, broadcast latency, sync counters, JVM
         * and process) on or off under the prefix. Off by default: it is public wherever the prefix is,
         * so turn it on only where your application or proxy keeps it from the internet. Your
         * application's own connection pool is never added to it.
         *
         * @param enabled true to serve {@code /metrics}
         * @return the new options
         */
        public Options withMetrics(boolean enabled) {
            return new Options(origins, heartbeat, slowClientLimit, maxStreams, maxStreamsPerIp, adminTokens, siteName, siteUrl,
                    enabled);
        }

        /** What {@link #install} needs besides the configuration, for a mount at {@code prefix}. */
        Mount mount(String prefix) {
            SiteResolver sites = siteUrl == null ? SiteResolver.fromRequests(siteName, prefix)
                    : SiteResolver.fixed(new PublicSite(siteName, siteUrl));
            return new Mount(prefix, sites, metrics, false, false, false);
        }

        /**
         * The server's configuration with these options; a value it rejects is reported by its option
         * name. Its {@code site} is not read under a mount (see {@link #mount}).
         */
        ServerConfig serverConfig(StatusStreamConfig library) {
            try {
                return new ServerConfig(library, "", 0, origins, adminTokens, heartbeat, slowClientLimit, maxStreams,
                        maxStreamsPerIp, null, new PublicSite(siteName, siteUrl == null ? REQUEST_ADDRESS : siteUrl),
                        TrustedProxies.of(List.of()), ServerConfig.DEFAULT_REQUEST_HEADER_TIMEOUT, DeliverySettings.defaults(), null);
            } catch (ValidationException e) {
                String option = switch (e.field()) {
                    case "STATUS_HEARTBEAT" -> "heartbeat";
                    case "STATUS_SLOW_CLIENT_LIMIT" -> "slowClientLimit";
                    case "STATUS_ADMIN_TOKEN" -> "adminTokens";
                    case "STATUS_MAX_STREAMS" -> "maxStreams";
                    case "STATUS_MAX_STREAMS_PER_IP" -> "maxStreamsPerIp";
                    case "STATUS_PAGE_NAME", "STATUS_PUBLIC_URL" -> "site";
                    default -> e.field();
                };
                throw new ValidationException(option, e.reason());
            }
        }
    }

    /**
     * Where the route table is installed and what it serves besides the configuration: the standalone
     * server at the root with {@code /metrics} and its own pool's meters, a mount under a prefix.
     *
     * @param prefix      every path starts with it ({@code ""} at the root)
     * @param sites       the site the feeds, badge and Statuspage-compatible API report
     * @param metrics     whether {@code /metrics} is served
     * @param poolMetrics whether the library's HikariCP pool is bound to it (only when the pool is ours)
     */
    /**
     * @param accounts    whether named tokens and the operator console are served (the standalone server's)
     * @param directReads whether {@code /api/status} is answered by a Jetty handler in front of the servlets
     *                    (the standalone server's, whose Jetty is ours; see {@code DirectStatusRead})
     */
    record Mount(String prefix, SiteResolver sites, boolean metrics, boolean poolMetrics, boolean accounts, boolean directReads) {
    }
}
