package dev.statusstream;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * StatusStream's settings written as {@code STATUS_*} environment variables, read by one set of rules.
 * The server, the CLI and any application that configures StatusStream from its environment read them
 * here, so every process that writes to one status page understands the same variables the same way:
 *
 * <ul>
 *   <li>a value is stripped of surrounding white space;</li>
 *   <li>an empty or blank value counts as unset (deployment files often pass {@code STATUS_X=} for "not
 *       set"), so the default applies;</li>
 *   <li>a bad value fails with a {@link ValidationException} whose {@link ValidationException#field()
 *       field} is the variable's name, e.g. {@code STATUS_CACHE_TTL: 'soon' is not a duration ...};</li>
 *   <li>durations are written {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or {@code 7d}; lists
 *       are comma-separated.</li>
 * </ul>
 *
 * <p>The library's own settings ({@link #LIBRARY_SETTINGS}) become a {@link StatusStreamConfig} with
 * {@link #library()}; the other readers serve an executable's own settings.
 *
 * <pre>{@code
 * StatusStream status = StatusStream.create(StatusStreamConfig.fromEnvironment(System.getenv()));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class EnvironmentSettings {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    /** One library setting: its variable, how it changes a configuration, and how a configuration writes it. */
    private record Setting(String name, BiFunction<StatusStreamConfig, EnvironmentSettings, StatusStreamConfig> read,
            Function<StatusStreamConfig, String> write) {
    }

    /** The one place that names the library's settings, in both directions. */
    private static final List<Setting> LIBRARY = List.of(
            new Setting("STATUS_DATABASE_URL", (c, s) -> c.withDatabaseUrl(s.string("STATUS_DATABASE_URL", c.databaseUrl())),
                    StatusStreamConfig::databaseUrl),
            new Setting("STATUS_REDIS_URL", (c, s) -> c.withRedisUrl(s.string("STATUS_REDIS_URL", c.redisUrl())),
                    StatusStreamConfig::redisUrl),
            new Setting("STATUS_DEFAULT_LANGUAGE",
                    (c, s) -> c.withDefaultLanguage(s.string("STATUS_DEFAULT_LANGUAGE", c.defaultLanguage())),
                    StatusStreamConfig::defaultLanguage),
            new Setting("STATUS_CACHE_TTL", (c, s) -> c.withCacheTtl(s.duration("STATUS_CACHE_TTL", c.cacheTtl())),
                    c -> format(c.cacheTtl())),
            new Setting("STATUS_RECENT_INCIDENTS",
                    (c, s) -> c.withRecentIncidents(s.duration("STATUS_RECENT_INCIDENTS", c.recentIncidents())),
                    c -> format(c.recentIncidents())),
            new Setting("STATUS_REDIS_PREFIX", (c, s) -> c.withRedisPrefix(s.string("STATUS_REDIS_PREFIX", c.redisPrefix())),
                    StatusStreamConfig::redisPrefix),
            new Setting("STATUS_RESYNC_INTERVAL",
                    (c, s) -> c.withResyncInterval(s.duration("STATUS_RESYNC_INTERVAL", c.resyncInterval())),
                    c -> format(c.resyncInterval())),
            new Setting("STATUS_ALLOW_PRIVATE_TARGETS",
                    (c, s) -> c.withAllowPrivateTargets(s.bool("STATUS_ALLOW_PRIVATE_TARGETS", c.allowPrivateTargets())),
                    c -> String.valueOf(c.allowPrivateTargets())));

    /**
     * The variables {@link #library()} reads: {@code STATUS_DATABASE_URL}, {@code STATUS_REDIS_URL},
     * {@code STATUS_DEFAULT_LANGUAGE}, {@code STATUS_CACHE_TTL}, {@code STATUS_RECENT_INCIDENTS},
     * {@code STATUS_REDIS_PREFIX}, {@code STATUS_RESYNC_INTERVAL} and {@code STATUS_ALLOW_PRIVATE_TARGETS}.
     * Every process that writes to one page must agree on the language, cache, recent-incident and prefix
     * settings with the others, as they shape the snapshot it builds and publishes.
     */
    public static final List<String> LIBRARY_SETTINGS = LIBRARY.stream().map(Setting::name).toList();

    private final Map<String, String> values;

    private EnvironmentSettings(Map<String, String> values) {
        this.values = values;
    }

    /**
     * The settings among {@code variables}: every entry whose name starts with {@code STATUS_}.
     *
     * @param variables environment variables, e.g. {@code System.getenv()}
     * @return the settings
     */
    public static EnvironmentSettings of(Map<String, String> variables) {
        Map<String, String> values = new HashMap<>();
        variables.forEach((name, value) -> {
            if (name != null && name.startsWith("STATUS_") && value != null && !value.isBlank()) {
                values.put(name, value.strip());
            }
        });
        return new EnvironmentSettings(Map.copyOf(values));
    }

    /**
     * These settings, with {@code fallback}'s values for those that are unset here: how a process layers
     * its own environment over settings another process left for it.
     *
     * @param fallback settings by variable name; blank values count as unset there too
     * @return the combined settings
     */
    public EnvironmentSettings orElse(Map<String, String> fallback) {
        Map<String, String> combined = new HashMap<>(of(fallback).values);
        combined.putAll(values);
        return new EnvironmentSettings(Map.copyOf(combined));
    }

    /**
     * The library's settings: {@link StatusStreamConfig#defaults()} with every one of
     * {@link #LIBRARY_SETTINGS} that is set.
     *
     * @return the configuration
     * @throws ValidationException naming the variable of the first bad value
     */
    public StatusStreamConfig library() {
        StatusStreamConfig config = StatusStreamConfig.defaults();
        for (Setting setting : LIBRARY) {
            try {
                config = setting.read().apply(config, this);
            } catch (ValidationException e) {
                // each step changes only its own field, so whatever it rejects is that setting's value
                throw e.field().equals(setting.name()) ? e : new ValidationException(setting.name(), e.reason());
            }
        }
        return config;
    }

    /**
     * The library settings of {@code config} as variables, in the form this class reads: what one
     * process hands another so both build the same snapshots. Unset URLs are left out.
     *
     * @param config the configuration to write
     * @return variable name to value, in the order of {@link #LIBRARY_SETTINGS}
     */
    public static Map<String, String> variables(StatusStreamConfig config) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (Setting setting : LIBRARY) {
            String value = setting.write().apply(config);
            if (value != null) {
                variables.put(setting.name(), value);
            }
        }
        return variables;
    }

    /**
     * Whether {@code name} has a value.
     *
     * @param name a variable name, e.g. {@code STATUS_PORT}
     * @return false when it is absent or blank
     */
    public boolean isSet(String name) {
        return values.containsKey(name);
    }

    /**
     * A text setting.
     *
     * @param name a variable name
     * @return the stripped value, or null when unset or blank
     */
    public String string(String name) {
        return values.get(name);
    }

    /**
     * A text setting with a default.
     *
     * @param name     a variable name
     * @param fallback the value when it is unset or blank
     * @return the stripped value, or {@code fallback}
     */
    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /**
     * A whole number within bounds.
     *
     * @param name     a variable name
     * @param fallback the value when it is unset
     * @param min      the smallest value allowed
     * @param max      the largest value allowed
     * @return the number
     * @throws ValidationException naming {@code name} when the value is not a whole number within bounds
     */
    public int integer(String name, int fallback, int min, int max) {
        String value = string(name);
        if (value == null) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ValidationException(name, "'" + value + "' is not a whole number");
        }
        if (n < min || n > max) {
            throw new ValidationException(name, "must be between " + min + " and " + max + ", was " + n);
        }
        return n;
    }

    /**
     * A duration, written {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or {@code 7d}.
     *
     * @param name     a variable name
     * @param fallback the value when it is unset
     * @return the duration
     * @throws ValidationException naming {@code name} when the value is not a duration
     */
    public Duration duration(String name, Duration fallback) {
        String value = string(name);
        return value == null ? fallback : parseDuration(name, value);
    }

    /**
     * Reads a duration in the settings' grammar: a whole number and one of {@code ms}, {@code s},
     * {@code m}, {@code h}, {@code d}.
     *
     * @param name  what to name in an error, e.g. {@code STATUS_HEARTBEAT} or {@code --starts}
     * @param value the text, e.g. {@code 30s}
     * @return the duration
     * @throws ValidationException naming {@code name} when the text is not a duration
     */
    public static Duration parseDuration(String name, String value) {
        Matcher m = DURATION.matcher(value == null ? "" : value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ValidationException(name, "'" + value + "' is not a duration (write it like 500ms, 30s, 2m, 1h or 7d)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /**
     * A comma-separated list.
     *
     * @param name a variable name
     * @return the stripped items, empty ones dropped; empty when unset
     */
    public List<String> list(String name) {
        String value = string(name);
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * A yes-or-no setting, written {@code true} or {@code false} (any case).
     *
     * @param name     a variable name
     * @param fallback the value when it is unset
     * @return the value
     * @throws ValidationException naming {@code name} when the value is neither
     */
    public boolean bool(String name, boolean fallback) {
        return choice(name, String.valueOf(fallback), List.of("true", "false")).equals("true");
    }

    /**
     * One of a few words, case-insensitive.
     *
     * @param name     a variable name
     * @param fallback the value when it is unset
     * @param allowed  the lowercase words allowed
     * @return the word, lowercase
     * @throws ValidationException naming {@code name} when the value is none of {@code allowed}
     */
    public String choice(String name, String fallback, List<String> allowed) {
        String value = string(name);
        if (value == null) {
            return fallback;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            throw new ValidationException(name, "'" + value + "' is not one of " + String.join(", ", allowed));
        }
        return lower;
    }

    /** The shortest exact form in the grammar: 7d, 90s, 1500ms. */
    private static String format(Duration d) {
        long ms = d.toMillis();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (ms % units[i] == 0) {
                return ms / units[i] + names[i];
            }
        }
        return ms + "ms";
    }
}
