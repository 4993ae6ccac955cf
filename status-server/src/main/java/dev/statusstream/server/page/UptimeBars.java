package dev.statusstream.server.page;

import dev.statusstream.Status;
import dev.statusstream.StatusPeriod;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The 90-day uptime bar of a service, computed from its status periods: one cell per UTC day, coloured by
 * the day's worst status, and the share of the covered time that was not an outage. Stateless.
 */
public final class UptimeBars {
    /** Days on a bar, today included. */
    public static final int DAYS = 90;
    /** Days a narrow screen (a phone) shows; status.css hides the older ones. */
    public static final int NARROW_DAYS = 30;
    /** Statuses from least to most severe; the script gets the same list to colour today's cell live. */
    public static final List<Status> SEVERITY = List.of(Status.OPERATIONAL, Status.UNKNOWN, Status.MAINTENANCE,
            Status.DEGRADED, Status.OUTAGE);

    private UptimeBars() {
    }

    /**
     * One day of a bar.
     *
     * @param date  the UTC day
     * @param worst the most severe status the service had that day; null when there is no data (before the
     *              service existed)
     * @param time  how long the service spent in each status that day (up to now for today)
     */
    public record Day(LocalDate date, Status worst, Map<Status, Duration> time) {
        public Day {
            time = time.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(time));
        }
    }

    /**
     * A service's bar.
     *
     * @param days    {@value #DAYS} days, oldest first, today last
     * @param covered the time within the bar for which there is data
     * @param outage  the part of it in {@code outage}
     */
    public record Bar(List<Day> days, Duration covered, Duration outage) {
        public Bar {
            days = List.copyOf(days);
        }

        /** The uptime in percent, rounded down to two decimals ({@code 99.95}, {@code 100}); null without data. */
        public String percent() {
            if (covered.isZero()) {
                // no time covered yet (a service added at the very moment the bar is drawn as of): its
                // status now is all there is to go by
                Status current = days.isEmpty() ? null : days.getLast().worst();
                return current == null ? null : current == Status.OUTAGE ? "0" : "100";
            }
            if (outage.isZero()) {
                return "100";
            }
            double up = 1.0 - (double) outage.toMillis() / covered.toMillis();
            return String.format(Locale.ROOT, "%.2f", Math.floor(up * 10_000) / 100);
        }
    }

    /** The first instant a bar ending on {@code today} covers. */
    public static Instant start(LocalDate today) {
        return today.minusDays(DAYS - 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The bar ending on {@code today} (UTC) from {@code periods} (oldest first, as the history gives them). */
    public static Bar compute(List<StatusPeriod> periods, LocalDate today, Instant now) {
        List<Day> days = new ArrayList<>(DAYS);
        Duration covered = Duration.ZERO;
        Duration outage = Duration.ZERO;
        for (LocalDate date = today.minusDays(DAYS - 1); !date.isAfter(today); date = date.plusDays(1)) {
            Instant from = date.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant to = min(date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), now);
            Map<Status, Duration> time = new EnumMap<>(Status.class);
            Set<Status> seen = EnumSet.noneOf(Status.class);
            for (StatusPeriod period : periods) {
                Instant start = max(period.start(), from);
                Instant end = min(period.end() == null ? now : period.end(), to);
                // the status in force at `now` counts for today's colour even before any of its time has
                // passed (set this very moment, or a bar drawn as of midnight)
                boolean current = date.equals(today) && !period.start().isAfter(now)
                        && (period.end() == null || period.end().isAfter(now));
                if (start.isBefore(end) || current) {
                    seen.add(period.status());
                    if (start.isBefore(end)) {
                        time.merge(period.status(), Duration.between(start, end), Duration::plus);
                    }
                }
            }
            Status worst = seen.stream().max((a, b) -> SEVERITY.indexOf(a) - SEVERITY.indexOf(b)).orElse(null);
            for (var entry : time.entrySet()) {
                covered = covered.plus(entry.getValue());
                if (entry.getKey() == Status.OUTAGE) {
                    outage = outage.plus(entry.getValue());
                }
            }
            days.add(new Day(date, worst, time));
        }
        return new Bar(days, covered, outage);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
