package dev.statusstream;

import dev.statusstream.internal.TargetAddresses;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A monitor to add: a heartbeat ({@link #heartbeat}) or a check ({@link #http}, {@link #tcp}), with
 * its limits checked here. Intervals go down to 5 s for heartbeats and 2 s for checks.
 *
 * <p>Immutable and thread-safe.
 *
 * @param serviceId      the service it sets
 * @param name           its name; null for {@code <service>-<kind>}
 * @param kind           heartbeat, http or tcp
 * @param target         the URL (http) or {@code host:port} (tcp); null for a heartbeat
 * @param interval       how often it runs or must be pinged
 * @param grace          heartbeats: how late a ping may be (0 to 1 day)
 * @param timeout        checks: how long to wait (100 ms to 60 s, at most the interval)
 * @param expectFrom     http: lowest status that counts as up
 * @param expectTo       http: highest status that counts as up
 * @param bodyContains   http: text the response must contain; null for none
 * @param failuresToDown checks: consecutive failures before down (1 to 100)
 * @param successesToUp  checks: consecutive successes before up (1 to 100)
 * @param downStatus     outage or degraded
 */
public record NewMonitor(String serviceId, String name, Monitor.Kind kind, String target, Duration interval, Duration grace,
        Duration timeout, int expectFrom, int expectTo, String bodyContains, int failuresToDown, int successesToUp,
        Status downStatus) {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,7})(ms|s|m|h|d)");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]{1,253}):(\\d{1,5})");
    /** Longest text a response must contain. */
    public static final int MAX_BODY_TEXT = 200;

    /**
     * Checks every field, naming the first bad one.
     *
     * @throws ValidationException naming the field (as the admin API spells it)
     */
    public NewMonitor {
        Service.checkId(serviceId);
        if (kind == null) {
            throw new ValidationException("kind", "is required: heartbeat, http or tcp");
        }
        name = name == null || name.isBlank() ? serviceId + "-" + kind.wireName() : Monitor.checkName(name);
        Duration least = kind == Monitor.Kind.HEARTBEAT ? Duration.ofSeconds(5) : Duration.ofSeconds(2);
        String intervalField = kind == Monitor.Kind.HEARTBEAT ? "heartbeat" : "every";
        if (interval == null || interval.compareTo(least) < 0 || interval.compareTo(Duration.ofDays(30)) > 0) {
            throw new ValidationException(intervalField, "must be from " + least.toSeconds() + "s to 30d, not " + interval);
        }
        grace = grace == null ? Duration.ZERO : grace;
        if (grace.isNegative() || grace.compareTo(Duration.ofDays(1)) > 0) {
            throw new ValidationException("grace", "must be from 0s to 1d");
        }
        timeout = timeout == null ? Duration.ofSeconds(5).compareTo(interval) < 0 ? Duration.ofSeconds(5) : interval : timeout;
        if (timeout.compareTo(Duration.ofMillis(100)) < 0 || timeout.compareTo(Duration.ofSeconds(60)) > 0
                || timeout.compareTo(interval) > 0) {
            throw new ValidationException("timeout", "must be from 100ms to 60s and at most the interval (" + format(interval) + ")");
        }
        switch (kind) {
            case HEARTBEAT -> {
                if (target != null) {
                    throw new ValidationException("target", "a heartbeat has no target: its job pings it");
                }
            }
            case HTTP -> {
                if (target == null || target.isBlank()) {
                    throw new ValidationException("http", "is required: the URL to check");
                }
                target = target.strip();
                if (target.length() > 2000 || !target.matches("(?i)https?://[^\\s]+")) {
                    throw new ValidationException("http", "must be an http:// or https:// URL of at most 2000 characters");
                }
                // no user name or password: a check's URL is shown in lists and logs
                TargetAddresses.parse("http", target);
            }
            case TCP -> {
                if (target == null || !HOST_PORT.matcher(target.strip()).matches()) {
                    throw new ValidationException("tcp", "must be host:port, such as db.example.com:5432");
                }
                target = target.strip();
                int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
                if (port < 1 || port > 65535) {
                    throw new ValidationException("tcp", "the port must be from 1 to 65535");
                }
            }
        }
        if (expectFrom < 100 || expectTo > 599 || expectFrom > expectTo) {
            throw new ValidationException("expect", "must be a status range within 100-599, such as 200-299");
        }
        if (bodyContains != null && (bodyContains.isEmpty() || bodyContains.length() > MAX_BODY_TEXT
                || kind != Monitor.Kind.HTTP)) {
            throw new ValidationException("bodyContains", kind != Monitor.Kind.HTTP ? "applies to http checks only"
                    : "must be 1 to " + MAX_BODY_TEXT + " characters");
        }
        if (failuresToDown < 1 || failuresToDown > 100) {
            throw new ValidationException("failures", "must be from 1 to 100");
        }
        if (successesToUp < 1 || successesToUp > 100) {
            throw new ValidationException("successes", "must be from 1 to 100");
        }
        downStatus = downStatus == null ? Status.OUTAGE : downStatus;
        if (downStatus != Status.OUTAGE && downStatus != Status.DEGRADED) {
            throw new ValidationException("down", "must be outage or degraded");
        }
    }

    /**
     * A heartbeat: down when no ping came within {@code interval + grace} of the last (or of its creation).
     *
     * @param serviceId the service
     * @param interval  how often the job pings
     * @param grace     how late a ping may be
     * @param down      outage or degraded; null for outage
     * @return the monitor to add, named {@code <service>-heartbeat}
     */
    public static NewMonitor heartbeat(String serviceId, Duration interval, Duration grace, Status down) {
        return new NewMonitor(serviceId, null, Monitor.Kind.HEARTBEAT, null, interval, grace, null, 200, 299, null, 1, 1, down);
    }

    /**
     * An HTTP check with the defaults: 5 s timeout, 200-299, down after 3 failures, up after 1 success.
     *
     * @param serviceId the service
     * @param url       the URL to request
     * @param every     how often
     * @return the monitor to add, named {@code <service>-http}
     */
    public static NewMonitor http(String serviceId, String url, Duration every) {
        return new NewMonitor(serviceId, null, Monitor.Kind.HTTP, url, every, null, null, 200, 299, null, 3, 1, null);
    }

    /**
     * A TCP check with the defaults: 5 s timeout, down after 3 failures, up after 1 success.
     *
     * @param serviceId the service
     * @param hostPort  {@code host:port}
     * @param every     how often
     * @return the monitor to add, named {@code <service>-tcp}
     */
    public static NewMonitor tcp(String serviceId, String hostPort, Duration every) {
        return new NewMonitor(serviceId, null, Monitor.Kind.TCP, hostPort, every, null, null, 200, 299, null, 3, 1, null);
    }

    /**
     * Reads a duration as written on the command line and in the admin API: a whole number and a unit
     * ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}).
     *
     * @param field what to name in the error
     * @param text  the duration
     * @return the duration, or null when {@code text} is null
     * @throws ValidationException naming {@code field} when it is not such a duration
     */
    public static Duration parseDuration(String field, String text) {
        if (text == null) {
            return null;
        }
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ValidationException(field, "'" + text + "' is not a duration such as 500ms, 30s, 5m, 1h or 1d");
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
     * Writes a duration in the form {@link #parseDuration} reads, in the largest whole unit.
     *
     * @param d the duration
     * @return e.g. {@code 30s} or {@code 5m}
     */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /**
     * Reads an expected status range: {@code 200-299}, or a single status such as {@code 200}.
     *
     * @param text the range
     * @return the lowest and the highest status
     * @throws ValidationException naming {@code expect}
     */
    public static int[] parseRange(String text) {
        Matcher m = Pattern.compile("(\\d{3})(?:-(\\d{3}))?").matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new ValidationException("expect", "'" + text + "' is not a status range such as 200-299 or 200");
        }
        int from = Integer.parseInt(m.group(1));
        return new int[] {from, m.group(2) == null ? from : Integer.parseInt(m.group(2))};
    }
}
