package dev.statusstream;

import dev.statusstream.internal.DatabaseUrl;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a {@link StatusStream} connects and behaves. Validated when built: a bad value fails with a
 * {@link ValidationException} naming the setting.
 *
 * <p>Immutable and thread-safe. Start from {@link #defaults()} and change what you need with the
 * {@code with...} methods.
 *
 * @param databaseUrl          PostgreSQL, as {@code jdbc:postgresql://...} or {@code postgres://user:pw@host/db};
 *                             null when the host application passes its own {@code DataSource}
 * @param redisUrl             Redis, as {@code redis://host:6379} (or {@code rediss://}); null runs without Redis
 *                             (single node, changes still reach this process through PostgreSQL)
 * @param defaultLanguage      the language every text must have, e.g. {@code en}
 * @param cacheTtl             how long the snapshot stays in the Redis cache after the last write
 * @param recentIncidents      how long a resolved incident stays in the snapshot
 * @param redisPrefix          key prefix: the channel is {@code <prefix>:updates}, the cache key {@code <prefix>:snapshot}
 * @param resyncInterval       how often a following node compares its version with PostgreSQL, the upper
 *                             bound on staleness when every notification was lost
 * @param databaseTimeout      longest wait for a database connection or statement before a call fails
 * @param redisTimeout         longest wait for a Redis command before it fails
 * @param databasePoolSize     connections in the pool built from {@code databaseUrl}
 * @param allowPrivateTargets  whether outbound calls made for users (webhooks, checks) may go to loopback,
 *                             private, link-local and other internal addresses; false by default, true
 *                             only for tests and private networks
 */
public record StatusStreamConfig(
        String databaseUrl,
        String redisUrl,
        String defaultLanguage,
        Duration cacheTtl,
        Duration recentIncidents,
        String redisPrefix,
        Duration resyncInterval,
        Duration databaseTimeout,
        Duration redisTimeout,
        int databasePoolSize,
        boolean allowPrivateTargets) {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9:_.-]{1,64}");

    /**
     * Checks every setting; blank URLs become null.
     *
     * @throws ValidationException naming the first bad setting
     */
    public StatusStreamConfig {
        if (databaseUrl != null && databaseUrl.isBlank()) {
            databaseUrl = null;
        }
        if (databaseUrl != null) {
            DatabaseUrl.parse("databaseUrl", databaseUrl);
        }
        if (redisUrl != null && redisUrl.isBlank()) {
            redisUrl = null;
        }
        if (redisUrl != null && !redisUrl.startsWith("redis://") && !redisUrl.startsWith("rediss://")) {
            throw new ValidationException("redisUrl", "must start with redis:// or rediss://");
        }
        defaultLanguage = LocalizedText.normalizeLanguage(defaultLanguage);
        positive("cacheTtl", cacheTtl, Duration.ofSeconds(1));
        positive("recentIncidents", recentIncidents, Duration.ofMinutes(1));
        if (redisPrefix == null || !PREFIX.matcher(redisPrefix).matches()) {
            throw new ValidationException("redisPrefix", "'" + redisPrefix + "' must be 1 to 64 of A-Z a-z 0-9 : _ . -");
        }
        positive("resyncInterval", resyncInterval, Duration.ofMillis(100));
        positive("databaseTimeout", databaseTimeout, Duration.ofMillis(250));
        positive("redisTimeout", redisTimeout, Duration.ofMillis(50));
        if (databasePoolSize < 1 || databasePoolSize > 200) {
            throw new ValidationException("databasePoolSize", "must be between 1 and 200, was " + databasePoolSize);
        }
    }

    /**
     * The defaults: no database or Redis URL, {@code en}, 60 s cache, 7 days of resolved incidents,
     * prefix {@code status}, a version check every 5 s, 3 s database and 2 s Redis timeouts, 8
     * connections, private targets refused.
     *
     * @return the default settings
     */
    public static StatusStreamConfig defaults() {
        return new StatusStreamConfig(null, null, "en", Duration.ofSeconds(60), Duration.ofDays(7), "status",
                Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(2), 8, false);
    }

    /**
     * The library's settings from {@code STATUS_*} environment variables, read by the rules of
     * {@link EnvironmentSettings} (values stripped, blank means unset, errors name the variable); what
     * is unset keeps its {@link #defaults() default}. The server and the CLI read them the same way.
     *
     * @param environment environment variables, e.g. {@code System.getenv()}
     * @return the settings
     * @throws ValidationException naming the variable of the first bad value
     */
    public static StatusStreamConfig fromEnvironment(Map<String, String> environment) {
        return EnvironmentSettings.of(environment).library();
    }

    /**
     * The Redis channel snapshots are published on.
     *
     * @return {@code <redisPrefix>:updates}
     */
    public String channel() {
        return redisPrefix + ":updates";
    }

    /**
     * The Redis key the latest snapshot is cached under.
     *
     * @return {@code <redisPrefix>:snapshot}
     */
    public String cacheKey() {
        return redisPrefix + ":snapshot";
    }

    /**
     * A copy with another {@code databaseUrl}.
     *
     * @param value the PostgreSQL URL, or null
     * @return the new settings
     * @throws ValidationException when the value is not allowed
     */
    public StatusStreamConfig withDatabaseUrl(String value) {
        return new StatusStreamConfig(value, redisUrl, defaultLanguage, cacheTtl, recentIncidents, redisPrefix,
                resyncInterval, databaseTimeout, redisTimeout, databasePoolSize, allowPrivateTargets);
    }

    /**
     * A copy with another {@code redisUrl}.
     *
     * @param value the Redis URL, or null for none
     * @return the new settings
     * @throws ValidationException when the value is not allowed
     */
    public StatusStreamConfig withRedisUrl(String value) {
        return new StatusStreamConfig(databaseUrl, value, defaultLanguage, cacheTtl, recentIncidents, redisPrefix,
                resyncInterval, databaseTimeout, redisTimeout, databasePoolSize, allowPrivateTargets);
    }

    /**
     * A copy with another {@code defaultLanguage}.
     *
     * @param value a language tag
     * @return the new settings
     * @throws ValidationException when the value is not allowed
     */
    public StatusStreamConfig withDefaultLanguage(String value) {
        return new StatusStreamConfig(databaseUrl, redisUrl, value, cacheTtl, recentIncidents, redisPrefix,
                resyncInterval, databaseTimeout, redisTimeout, databasePoolSize, allowPrivateTargets);
    }

    /**
     * A copy with another {@code cacheTtl}.
     *
     * @param value at least 1 s
     * @return the new settings
     * @throws ValidationException when the value is not allowed
     */
    public StatusStreamConfig withCacheTtl(Duration value) {
        return new StatusStreamConfig(databaseUrl, redisUrl, defaultLanguage, value, recentIncidents, redisPrefix,
                resyncInterval, databaseTimeout, redisTimeout, databasePoolSize, allowPrivateTargets);
    }

    /**
     * A copy with another {@code recentIncidents}.
     *
     * @param value at least 1 minute
     * @return the new settings
     * @throws ValidationException when the value is not allowed
     */
    public StatusStreamConfig withRecentIncidents(Duration value) {
        return new StatusStreamConfig(databaseUrl, redisUrl, defaultLanguage, cacheTtl, value, redisPrefix,
                resyncInterval, databaseTimeout, redisTimeout, databasePoolSize, allowPrivateTargets);
    }

    /**
     * A copy with another {@code redisPrefix}.
     *
     * @param value 1 to 64 of {@code A-Z a-z 0-9 : _ . -}
     * @return the new settings
     * @throws ValidationException when the value is not allowed
     */
    public StatusStreamConfig withRedisPrefix(String value) {
        return new StatusStreamConfig(databaseUrl, redisUrl, defaultLanguage, cacheTtl, recentIncidents, value,
                resyncInterval, databaseTimeout, redisTimeout, databasePoolSize, allowPrivateTargets);
    }

    /**
     * A copy with another {@code resyncInterval}.
     *
     * @param value at least 100 ms
     * @return the new settings
     * @throws ValidationException when the value is not allowed
     */
    public StatusStreamConfig withResyncInterval(Duration value) {
        return new StatusStreamConfig(databaseUrl, redisUrl, defaultLanguage, cacheTtl, recentIncidents, redisPrefix,
                value, databaseTimeout, redisTimeout, databasePoolSize, allowPrivateTargets);
    }

    /**
     * A copy with another {@code databaseTimeout}.
     *
     * @param value at least 250 ms
     * @return the new settings
     * @throws ValidationException when the value is not allowed
     */
    public StatusStreamConfig withDatabaseTimeout(Duration value) {
        return new StatusStreamConfig(databaseUrl, redisUrl, defaultLanguage, cacheTtl, recentIncidents, redisPrefix,
                resyncInterval, value, redisTimeout, databasePoolSize, allowPrivateTargets);
    }

    /**
     * A copy with another {@code redisTimeout}.
     *
     * @param value at least 50 ms
     * @return the new settings
     * @throws ValidationException when the value is not allowed
     */
    public StatusStreamConfig withRedisTimeout(Duration value) {
        return new StatusStreamConfig(databaseUrl, redisUrl, defaultLanguage, cacheTtl, recentIncidents, redisPrefix,
                resyncInterval, databaseTimeout, value, databasePoolSize, allowPrivateTargets);
    }

    /**
     * A copy with another {@code databasePoolSize}.
     *
     * @param value 1 to 200
     * @return the new settings
     * @throws ValidationException when the value is not allowed
     */
    public StatusStreamConfig withDatabasePoolSize(int value) {
        return new StatusStreamConfig(databaseUrl, redisUrl, defaultLanguage, cacheTtl, recentIncidents, redisPrefix,
                resyncInterval, databaseTimeout, redisTimeout, value, allowPrivateTargets);
    }

    /**
     * A copy with another {@code allowPrivateTargets}.
     *
     * @param value true to let outbound calls reach internal addresses
     * @return the new settings
     */
    public StatusStreamConfig withAllowPrivateTargets(boolean value) {
        return new StatusStreamConfig(databaseUrl, redisUrl, defaultLanguage, cacheTtl, recentIncidents, redisPrefix,
                resyncInterval, databaseTimeout, redisTimeout, databasePoolSize, value);
    }

    private static void positive(String setting, Duration value, Duration minimum) {
        if (value == null) {
            throw new ValidationException(setting, "is required");
        }
        if (value.compareTo(minimum) < 0) {
            throw new ValidationException(setting, "must be at least " + minimum.toMillis() + "ms, was " + value.toMillis() + "ms");
        }
    }
}
