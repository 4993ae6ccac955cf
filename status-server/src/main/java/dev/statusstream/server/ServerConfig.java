package dev.statusstream.server;

import dev.statusstream.DeliverySettings;
import dev.statusstream.EnvironmentSettings;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.ValidationException;
import dev.statusstream.internal.LocalConnection;
import dev.statusstream.server.api.PublicSite;
import dev.statusstream.server.security.OriginPolicy;
import dev.statusstream.server.security.TrustedProxies;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Everything the server is configured with, validated when read (the README's configuration table lists each setting). Immutable.
 *
 * @param library          the library's settings (database, Redis, languages, cache)
 * @param host             address to listen on
 * @param port             port to listen on (0 picks a free one)
 * @param origins          who may open the stream
 * @param adminTokens      bearer tokens accepted by the admin API; empty turns the admin API off
 * @param heartbeat        interval of the {@code : heartbeat} comment on every stream
 * @param slowClientLimit  how long a stream's socket may stay unwritable before it is dropped
 * @param maxStreams       most open streams on this node
 * @param maxStreamsPerIp  most open streams from one client address
 * @param dataDirectory    where the embedded database and the CLI's connection file live
 * @param site             the page's name and public address, for feeds, badges and the Statuspage-compatible API
 * @param proxies          reverse proxies whose {@code X-Forwarded-For} names the client
 * @param requestHeaderTimeout how long a request's line and headers may take to arrive before the
 *                         connection is closed
 * @param delivery         how this node delivers notifications to subscribers
 */
public record ServerConfig(
        StatusStreamConfig library,
        String host,
        int port,
        OriginPolicy origins,
        List<String> adminTokens,
        Duration heartbeat,
        Duration slowClientLimit,
        int maxStreams,
        int maxStreamsPerIp,
        Path dataDirectory,
        PublicSite site,
        TrustedProxies proxies,
        Duration requestHeaderTimeout,
        DeliverySettings delivery) {

    /** Every setting the server reads: the library's and its own. */
    public static final Set<String> SETTINGS = Stream.concat(EnvironmentSettings.LIBRARY_SETTINGS.stream(), Stream.of(
            "STATUS_HOST", "STATUS_PORT", "STATUS_MODE", "STATUS_ALLOWED_ORIGINS", "STATUS_ADMIN_TOKEN", "STATUS_ADMIN_TOKEN_FILE", "STATUS_HEARTBEAT",
            "STATUS_SLOW_CLIENT_LIMIT", "STATUS_MAX_STREAMS", "STATUS_MAX_STREAMS_PER_IP", "STATUS_DATA_DIR",
            "STATUS_PAGE_NAME", "STATUS_PUBLIC_URL", "STATUS_TRUSTED_PROXIES", "STATUS_REQUEST_HEADER_TIMEOUT",
            "STATUS_DELIVERY_CONCURRENCY", "STATUS_DELIVERY_LEASE", "STATUS_DELIVERY_FIRST_RETRY", "STATUS_DELIVERY_RETRY_FOR",
            "STATUS_MAINTENANCE_REMINDER")).collect(Collectors.toUnmodifiableSet());

    /** Far above what a real client needs to send its headers, far below the 30 s idle timeout's per-read clock. */
    static final Duration DEFAULT_REQUEST_HEADER_TIMEOUT = Duration.ofSeconds(10);
    private static final int MIN_TOKEN_LENGTH = 16;
    /** Hosts browsers treat as trustworthy even over plain http, as URI.getHost gives them. */
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    public ServerConfig {
        if (heartbeat.compareTo(Duration.ofMillis(10)) < 0 || heartbeat.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new ValidationException("STATUS_HEARTBEAT", "must be between 10ms and 10m, was " + heartbeat.toMillis() + "ms");
        }
        if (requestHeaderTimeout.compareTo(Duration.ofMillis(100)) < 0) {
            throw new ValidationException("STATUS_REQUEST_HEADER_TIMEOUT", "must be at least 100ms");
        }
        if (slowClientLimit.compareTo(Duration.ofMillis(100)) < 0) {
            throw new ValidationException("STATUS_SLOW_CLIENT_LIMIT", "must be at least 100ms");
        }
        for (String token : adminTokens) {
            if (token.length() < MIN_TOKEN_LENGTH) {
                throw new ValidationException("STATUS_ADMIN_TOKEN",
                        "every token must be at least " + MIN_TOKEN_LENGTH + " characters long (one is " + token.length() + ")");
            }
        }
        adminTokens = List.copyOf(adminTokens);
    }

    /**
     * Reads the configuration from {@code STATUS_*} variables and flags.
     *
     * @throws ValidationException naming the first bad setting
     */
    public static ServerConfig from(Map<String, String> environment, String[] args) {
        EnvironmentSettings s = Settings.from(environment, args, SETTINGS);
        boolean production = s.choice("STATUS_MODE", "development", List.of("development", "production")).equals("production");
        String host = s.string("STATUS_HOST", "0.0.0.0");
        int port = s.integer("STATUS_PORT", 8080, 0, 65535);
        return new ServerConfig(
                s.library(),
                host,
                port,
                OriginPolicy.of(production, s.list("STATUS_ALLOWED_ORIGINS")),
                adminTokens(s),
                s.duration("STATUS_HEARTBEAT", Duration.ofSeconds(30)),
                s.duration("STATUS_SLOW_CLIENT_LIMIT", Duration.ofSeconds(20)),
                s.integer("STATUS_MAX_STREAMS", defaultMaxStreams(), 1, 10_000_000),
                s.integer("STATUS_MAX_STREAMS_PER_IP", 1000, 1, 10_000_000),
                LocalConnection.dataDirectory(s),
                new PublicSite(s.string("STATUS_PAGE_NAME", PublicSite.DEFAULT_NAME),
                        s.string("STATUS_PUBLIC_URL", PublicSite.defaultUrl(host, port))),
                TrustedProxies.of(s.list("STATUS_TRUSTED_PROXIES")),
                s.duration("STATUS_REQUEST_HEADER_TIMEOUT", DEFAULT_REQUEST_HEADER_TIMEOUT),
                DeliverySettings.from(s));
    }

    /**
     * {@code STATUS_ADMIN_TOKEN}, or the tokens in the file {@code STATUS_ADMIN_TOKEN_FILE} names (a
     * secret store's mounted file): separated by commas or lines. Never both, so that no one wonders
     * which applies.
     */
    private static List<String> adminTokens(EnvironmentSettings s) {
        String file = s.string("STATUS_ADMIN_TOKEN_FILE");
        if (file == null) {
            return s.list("STATUS_ADMIN_TOKEN");
        }
        if (s.isSet("STATUS_ADMIN_TOKEN")) {
            throw new ValidationException("STATUS_ADMIN_TOKEN_FILE", "set either it or STATUS_ADMIN_TOKEN, not both");
        }
        String text;
        try {
            text = Files.readString(Path.of(file));
        } catch (IOException | RuntimeException e) {
            throw new ValidationException("STATUS_ADMIN_TOKEN_FILE", "cannot read " + file + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        List<String> tokens = Stream.of(text.split("[,\\r\\n]+")).map(String::strip).filter(t -> !t.isEmpty()).toList();
        if (tokens.isEmpty()) {
            throw new ValidationException("STATUS_ADMIN_TOKEN_FILE", file + " holds no token");
        }
        return tokens;
    }

    /**
     * A warning for each {@code STATUS_*} variable in {@code environment} that is not a setting, naming
     * the setting it is closest to.
     */
    public static List<String> unknownVariables(Map<String, String> environment) {
        return Settings.unknownVariables(environment, SETTINGS);
    }

    /**
     * The start-up warning for production mode without HTTPS in front, read from the same variables
     * and flags as {@link #from}; empty when it does not apply.
     */
    static Optional<String> plainHttpWarning(Map<String, String> environment, String[] args) {
        EnvironmentSettings s = Settings.from(environment, args, SETTINGS);
        boolean production = s.choice("STATUS_MODE", "development", List.of("development", "production")).equals("production");
        return plainHttpWarning(production, s.string("STATUS_PUBLIC_URL"));
    }

    /**
     * Production mode recognises the page's own stream (no {@code Origin}) by {@code Sec-Fetch-Site:
     * same-origin}, which browsers send only to potentially trustworthy origins: https, and http on
     * localhost. Over plain http on any other host every reader gets 403 and falls back to polling.
     *
     * @param production whether {@code STATUS_MODE} is {@code production}
     * @param publicUrl  {@code STATUS_PUBLIC_URL}, or null when it is not set
     * @return the warning to log, or empty when the page is served over https or on this machine
     */
    static Optional<String> plainHttpWarning(boolean production, String publicUrl) {
        if (!production) {
            return Optional.empty();
        }
        String problem;
        if (publicUrl == null) {
            problem = "STATUS_PUBLIC_URL is not set";
        } else {
            URI uri = URI.create(publicUrl.strip());
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            if (!"http".equalsIgnoreCase(uri.getScheme()) || LOCAL_HOSTS.contains(host)) {
                return Optional.empty();
            }
            problem = "STATUS_PUBLIC_URL is plain http (" + publicUrl.strip() + ")";
        }
        return Optional.of("production mode needs HTTPS in front, and " + problem + ": same-origin streams are recognised "
                + "by Sec-Fetch-Site, which browsers send only over HTTPS (or to localhost), so over plain http the page's "
                + "own stream gets 403 and readers fall back to polling; serve the page over https and set "
                + "STATUS_PUBLIC_URL=https://...");
    }

    /**
     * Streams a node accepts by default: what the process's open-file limit allows, keeping room for
     * the database pool, Redis, logs and the JVM.
     */
    static int defaultMaxStreams() {
        long limit = OpenFiles.limit();
        return (int) Math.max(100, Math.min(Integer.MAX_VALUE, limit - 500));
    }

    /** The same configuration with these admin tokens. */
    public ServerConfig withAdminTokens(List<String> tokens) {
        return new ServerConfig(library, host, port, origins, tokens, heartbeat, slowClientLimit, maxStreams, maxStreamsPerIp,
                dataDirectory, site, proxies, requestHeaderTimeout, delivery);
    }

    public boolean adminEnabled() {
        return !adminTokens.isEmpty();
    }
}
