package dev.statusstream.server;

import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.ValidationException;
import dev.statusstream.server.api.ErrorMapping;
import dev.statusstream.server.security.OriginPolicy;
import dev.statusstream.server.security.TrustedProxies;
import dev.statusstream.server.stream.StreamHub;
import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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
 * {@code /status/healthz} and {@code /status/readyz}: the same route table the standalone server serves
 * at the root. The stream's hub starts with the application (heartbeats, slow-client sweep), ends every
 * stream when the application stops (so a graceful Jetty stop does not wait for them) and then stops its
 * timers. StatusStream's own exceptions ({@code ValidationException} and the rest) become JSON errors
 * everywhere in the application; every other error stays the application's to handle. Your JSON mapper,
 * Jetty settings and threads are left alone (for thousands of streams per node, a 4 KB output buffer
 * keeps memory per stream low: {@code config.jetty.modifyHttpConfiguration(h -> h.setOutputBufferSize(4096))}).
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
     * Mounts with the default {@link Options}: development mode, 30 s heartbeat, no admin API.
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
     * @param options who may open the stream, heartbeat and limits
     * @throws ValidationException when the prefix is not a plain path such as {@code /status}
     */
    public static void mount(JavalinConfig config, String prefix, StatusStream status, Options options) {
        install(config, status, options.serverConfig(status.config()), normalize(prefix));
    }

    /**
     * What the standalone server and every mount install: the stream hub and its lifecycle, the assets,
     * the mapping of StatusStream's exceptions, and {@link StatusServer#routes the route table}.
     */
    static StreamHub install(JavalinConfig javalin, StatusStream status, ServerConfig config, String prefix) {
        StreamHub hub = new StreamHub(status, config.heartbeat(), config.slowClientLimit(), config.maxStreams(),
                config.maxStreamsPerIp());
        javalin.events.serverStarting(hub::start);
        javalin.events.serverStopping(() -> hub.shutdown(SHUTDOWN_GRACE));
        javalin.events.serverStopped(hub::close);
        javalin.events.serverStartFailed(hub::close);
        javalin.staticFiles.add(files -> {
            files.hostedPath = prefix + "/static";
            // our own classpath folder, so a host application's /static is never served under our prefix
            files.directory = "/statusstream/static";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "public, max-age=300");
        });
        ErrorMapping.register(javalin);
        StatusServer.routes(javalin, status, config, hub, prefix);
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
     * How a mounted status page behaves. Immutable and thread-safe; start from {@link #defaults()}.
     *
     * @param origins         who may open the stream (the page's own stream is same-origin, which browsers
 *                        say with {@code Sec-Fetch-Site} on https and localhost)
     * @param heartbeat       interval of the {@code : heartbeat} comment on every stream (10 ms to 10 min);
     *                        keep it below every idle timeout between browser and application
     * @param slowClientLimit how long a stream's socket may accept nothing before it is dropped
     * @param maxStreams      most open streams in this application
     * @param maxStreamsPerIp most open streams from one client address
     * @param adminTokens     bearer tokens for the admin API under the prefix; empty keeps it off
     * @param site            the page's name and public address, as the Statuspage-compatible API and the
     *                        feeds report them
     */
    public record Options(
            OriginPolicy origins,
            Duration heartbeat,
            Duration slowClientLimit,
            int maxStreams,
            int maxStreamsPerIp,
            List<String> adminTokens,
            PublicSite site) {

        /**
         * Checks the options.
         *
         * @throws ValidationException naming the first bad option
         */
        public Options {
            if (origins == null) {
                throw new ValidationException("origins", "is required");
            }
            if (heartbeat == null || slowClientLimit == null) {
                throw new ValidationException(heartbeat == null ? "heartbeat" : "slowClientLimit", "is required");
            }
            if (maxStreams < 1 || maxStreamsPerIp < 1) {
                throw new ValidationException(maxStreams < 1 ? "maxStreams" : "maxStreamsPerIp", "must be at least 1");
            }
            adminTokens = adminTokens == null ? List.of() : List.copyOf(adminTokens);
            if (site == null) {
                throw new ValidationException("site", "is required");
            }
            serverConfig(StatusStreamConfig.defaults(), origins, heartbeat, slowClientLimit, maxStreams, maxStreamsPerIp,
                    adminTokens, site);
        }

        /**
         * Development mode (missing {@code Origin} and localhost origins allowed), 30 s heartbeat, 20 s
         * slow-client limit, streams up to the open-file limit and 1,000 per address, no admin API.
         *
         * @return the default options
         */
        public static Options defaults() {
            return new Options(OriginPolicy.of(false, List.of()), Duration.ofSeconds(30), Duration.ofSeconds(20),
                    ServerConfig.defaultMaxStreams(), 1000, List.of(), new PublicSite("Status", PublicSite.defaultUrl("", 0)));
        }

        /**
         * A copy with another origin policy.
         *
         * @param production true to accept only same-origin requests and {@code allowedOrigins}
         * @param allowedOrigins other sites allowed to open the stream, exactly {@code scheme://host[:port]}
         * @return the new options
         * @throws ValidationException when an origin is not one
         */
        public Options withOrigins(boolean production, List<String> allowedOrigins) {
            OriginPolicy policy;
            try {
                policy = OriginPolicy.of(production, allowedOrigins);
            } catch (ValidationException e) {
                throw new ValidationException("allowedOrigins", e.reason());
            }
            return new Options(policy, heartbeat, slowClientLimit, maxStreams, maxStreamsPerIp, adminTokens, site);
        }

        /**
         * A copy with another heartbeat interval.
         *
         * @param value 10 ms to 10 min
         * @return the new options
         */
        public Options withHeartbeat(Duration value) {
            return new Options(origins, value, slowClientLimit, maxStreams, maxStreamsPerIp, adminTokens, site);
        }

        /**
         * A copy with other stream limits.
         *
         * @param total most open streams in this application
         * @param perIp most open streams from one client address
         * @return the new options
         */
        public Options withMaxStreams(int total, int perIp) {
            return new Options(origins, heartbeat, slowClientLimit, total, perIp, adminTokens, site);
        }

        /**
         * A copy with the admin API on, accepting these bearer tokens.
         *
         * @param tokens at least 16 characters each
         * @return the new options
         */
        public Options withAdminTokens(List<String> tokens) {
            return new Options(origins, heartbeat, slowClientLimit, maxStreams, maxStreamsPerIp, tokens, site);
        }

        /**
         * A copy naming the page and its public address (for the Statuspage-compatible API's {@code page}
         * and the feeds' links).
         *
         * @param name      the page's name
         * @param publicUrl where readers open the page, e.g. {@code https://shop.example.com/status}
         * @return the new options
         */
        public Options withSite(String name, String publicUrl) {
            return new Options(origins, heartbeat, slowClientLimit, maxStreams, maxStreamsPerIp, adminTokens,
                    new PublicSite(name, publicUrl));
        }

        /** The server's configuration with these options. */
        ServerConfig serverConfig(StatusStreamConfig library) {
            return serverConfig(library, origins, heartbeat, slowClientLimit, maxStreams, maxStreamsPerIp, adminTokens, site);
        }

        /** Reports a value the server's configuration rejects by its option name. */
        private static ServerConfig serverConfig(StatusStreamConfig library, OriginPolicy origins, Duration heartbeat,
                Duration slowClientLimit, int maxStreams, int maxStreamsPerIp, List<String> adminTokens, PublicSite site) {
            try {
                return new ServerConfig(library, "", 0, origins, adminTokens, heartbeat, slowClientLimit, maxStreams,
                        maxStreamsPerIp, null, site, TrustedProxies.of(List.of()));
            } catch (ValidationException e) {
                String option = switch (e.field()) {
                    case "STATUS_HEARTBEAT" -> "heartbeat";
                    case "STATUS_SLOW_CLIENT_LIMIT" -> "slowClientLimit";
                    case "STATUS_ADMIN_TOKEN" -> "adminTokens";
                    default -> e.field();
                };
                throw new ValidationException(option, e.reason());
            }
        }
    }
}
