package dev.statusstream.server;

import dev.statusstream.ValidationException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw settings from environment variables and command-line flags, with typed readers that fail with
 * a {@link ValidationException} naming the setting. {@code STATUS_HEARTBEAT} is also the flag
 * {@code --heartbeat}; a flag wins over the variable.
 */
public final class Settings {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Reads every {@code STATUS_*} variable, then the flags ({@code --name value} or {@code --name=value}).
     *
     * @throws ValidationException for a flag that is not a known setting or lacks its value
     */
    public static Settings from(Map<String, String> environment, String[] args, Set<String> known) {
        Map<String, String> values = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("STATUS_")) {
                values.put(name, value);
            }
        });
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new ValidationException(arg, "is not a flag (flags look like --port 8080)");
            }
            String flag = arg.substring(2);
            String value;
            int eq = flag.indexOf('=');
            if (eq >= 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new ValidationException("--" + flag, "needs a value");
            }
            String name = "STATUS_" + flag.toUpperCase(Locale.ROOT).replace('-', '_');
            if (!known.contains(name)) {
                throw new ValidationException("--" + flag, "is not a setting (known: " + known.stream().sorted()
                        .map(Settings::flagName).reduce((a, b) -> a + ", " + b).orElse("") + ")");
            }
            values.put(name, value);
        }
        return new Settings(values);
    }

    /** {@code STATUS_CACHE_TTL} as a flag: {@code --cache-ttl}. */
    public static String flagName(String setting) {
        return "--" + setting.substring("STATUS_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The value, trimmed, or null when unset or blank. */
    public String string(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    public String string(String name, String fallback) {
        String value = string(name);
        return value == null ? fallback : value;
    }

    public int integer(String name, int fallback, int min, int max) {
        String value = string(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new ValidationException(name, "must be between " + min + " and " + max + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ValidationException(name, "'" + value + "' is not a whole number");
        }
    }

    /** A duration written {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or {@code 7d}. */
    public Duration duration(String name, Duration fallback) {
        String value = string(name);
        return value == null ? fallback : parseDuration(name, value);
    }

    public static Duration parseDuration(String name, String value) {
        Matcher m = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
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

    /** A comma-separated list; empty items are dropped. */
    public List<String> list(String name) {
        String value = string(name);
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** One of {@code allowed}, case-insensitive, returned lowercase. */
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
}
