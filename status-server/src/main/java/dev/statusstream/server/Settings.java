package dev.statusstream.server;

import dev.statusstream.EnvironmentSettings;
import dev.statusstream.ValidationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The server's settings from environment variables and command-line flags: {@code STATUS_HEARTBEAT}
 * is also the flag {@code --heartbeat}, and a flag wins over the variable. Values are read by the
 * library's {@link EnvironmentSettings}, so the server and the CLI apply the same rules.
 */
final class Settings {
    /** Variables that share our prefix but are not the server's: the tests' and {@code bin/status}'s. */
    private static final List<String> OTHERS = List.of("STATUS_TEST_", "STATUS_CLI_JAVA_OPTS");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("[?&;]password=[^&;]", Pattern.CASE_INSENSITIVE);

    private Settings() {
    }

    /**
     * Every {@code STATUS_*} variable, then the flags ({@code --name value} or {@code --name=value}).
     *
     * @throws ValidationException for a flag that is not a known setting or lacks its value
     */
    static EnvironmentSettings from(Map<String, String> environment, String[] args, Set<String> known) {
        Map<String, String> values = new HashMap<>(environment);
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
            refuseSecret(name, value);
            values.put(name, value);
        }
        return EnvironmentSettings.of(values);
    }

    /**
     * A flag's value is in every user's process list ({@code ps}) and in shell history: tokens and
     * passwords are refused there, naming where they belong instead.
     */
    private static void refuseSecret(String name, String value) {
        if (name.equals("STATUS_ADMIN_TOKEN")) {
            throw new ValidationException(flagName(name), "tokens are not accepted as a flag (ps shows every process's flags); "
                    + "set STATUS_ADMIN_TOKEN or name a file with STATUS_ADMIN_TOKEN_FILE (--admin-token-file FILE)");
        }
        if ((name.equals("STATUS_DATABASE_URL") || name.equals("STATUS_REDIS_URL") || name.equals("STATUS_SMTP_URL"))
                && carriesPassword(value)) {
            throw new ValidationException(flagName(name), "the URL holds a password, which ps would show to every user; "
                    + "set " + name + " in the environment instead");
        }
    }

    /**
     * Whether a database or Redis URL holds a password: in its user info ({@code postgres://u:pw@host},
     * {@code redis://:pw@host}; Redis also reads a lone {@code redis://pw@host} as the password) or in a
     * {@code password} parameter ({@code jdbc:postgresql://host/db?password=pw}).
     */
    static boolean carriesPassword(String url) {
        String rest = url.strip();
        if (PASSWORD_PARAMETER.matcher(rest).find()) {
            return true;
        }
        int scheme = rest.indexOf("://");
        if (scheme < 0) {
            return false;
        }
        String authority = rest.substring(scheme + 3).split("[/?#]", 2)[0];
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            return false;
        }
        String userInfo = authority.substring(0, at);
        boolean redis = rest.regionMatches(true, 0, "redis", 0, 5);
        int colon = userInfo.indexOf(':');
        return colon >= 0 ? colon < userInfo.length() - 1 : redis && !userInfo.isEmpty();
    }

    /** {@code STATUS_CACHE_TTL} as a flag: {@code --cache-ttl}. */
    static String flagName(String setting) {
        return "--" + setting.substring("STATUS_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * One warning per {@code STATUS_*} variable that is not a setting, naming the closest one: a
     * misspelt variable otherwise changes nothing, silently. Variables are only warned about, unlike
     * flags: the environment is shared with other programs (the CLI, scripts) and outlives versions.
     */
    static List<String> unknownVariables(Map<String, String> environment, Collection<String> known) {
        List<String> warnings = new ArrayList<>();
        environment.keySet().stream().sorted()
                .filter(name -> name.startsWith("STATUS_") && !known.contains(name))
                .filter(name -> OTHERS.stream().noneMatch(name::startsWith))
                .forEach(name -> warnings.add(name + " is not a setting and is ignored (did you mean "
                        + closest(name, known) + "?)"));
        return warnings;
    }

    private static String closest(String name, Collection<String> known) {
        return known.stream().min(Comparator.comparingInt((String k) -> distance(name, k)).thenComparing(k -> k)).orElse("");
    }

    /** Edit distance: insertions, deletions and substitutions. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
