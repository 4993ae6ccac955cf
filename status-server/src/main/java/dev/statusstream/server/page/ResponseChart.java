package dev.statusstream.server.page;

import dev.statusstream.CheckHour;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A service's response-time chart, drawn on the server as inline SVG: the mean response time of its
 * checks for each of the last 24 hours, a line broken where an hour has no checks. Without JavaScript;
 * the words (title, description and a visible summary) say what the line shows. Stateless.
 */
public final class ResponseChart {
    static final int HOURS = 24;
    static final int WIDTH = 240;
    static final int HEIGHT = 48;
    private static final int STEP = WIDTH / (HOURS - 1);

    private ResponseChart() {
    }

    /**
     * The chart's SVG parts and words.
     *
     * @param segments each a {@code points} attribute of a polyline: consecutive hours with checks
     * @param maxMs    the top of the scale
     * @param meanMs   the mean over the 24 hours
     * @param runs     checks run in the 24 hours
     * @param failures of which failed
     */
    public record Chart(List<String> segments, long maxMs, long meanMs, int runs, int failures) {
    }

    /** The chart of the 24 hours ending with the hour of {@code asOf}; null when no check ran in them. */
    public static Chart of(List<CheckHour> hours, Instant asOf) {
        Instant last = asOf.truncatedTo(ChronoUnit.HOURS);
        Instant first = last.minus(Duration.ofHours(HOURS - 1));
        Long[] means = new Long[HOURS];
        int runs = 0;
        int failures = 0;
        long sum = 0;
        for (CheckHour h : hours) {
            if (h.hour().isBefore(first) || h.hour().isAfter(last)) {
                continue;
            }
            means[(int) Duration.between(first, h.hour()).toHours()] = h.meanLatencyMs();
            runs += h.runs();
            failures += h.failures();
            sum += h.latencySumMs();
        }
        if (runs == 0) {
            return null;
        }
        long max = 1;
        for (Long m : means) {
            if (m != null) {
                max = Math.max(max, m);
            }
        }
        // a round top for the scale, so that small differences do not fill the height
        long top = niceTop(max);
        List<String> segments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < HOURS; i++) {
            if (means[i] == null) {
                flush(segments, current);
                continue;
            }
            double y = HEIGHT - 2 - (HEIGHT - 4) * (double) means[i] / top;
            current.append(current.isEmpty() ? "" : " ").append(i * STEP).append(',').append(String.format(Locale.ROOT, "%.1f", y));
        }
        flush(segments, current);
        return new Chart(segments, top, Math.round((double) sum / runs), runs, failures);
    }

    private static void flush(List<String> segments, StringBuilder current) {
        if (current.isEmpty()) {
            return;
        }
        // a lone hour is drawn as a short dash so that it shows
        String points = current.toString();
        if (!points.contains(" ")) {
            String[] xy = points.split(",");
            points = xy[0] + "," + xy[1] + " " + (Integer.parseInt(xy[0]) + 2) + "," + xy[1];
        }
        segments.add(points);
        current.setLength(0);
    }

    static long niceTop(long max) {
        long step = 1;
        while (step * 10 < max) {
            step *= 10;
        }
        for (long factor : new long[] {1, 2, 5, 10}) {
            if (step * factor >= max) {
                return step * factor;
            }
        }
        return step * 10;
    }

    /** The share of checks that succeeded, rounded down to two decimals as the uptime bars do; null without checks. */
    public static String percent(List<CheckHour> hours) {
        long runs = 0;
        long failures = 0;
        for (CheckHour h : hours) {
            runs += h.runs();
            failures += h.failures();
        }
        if (runs == 0) {
            return null;
        }
        if (failures == 0) {
            return "100";
        }
        double up = 1.0 - (double) failures / runs;
        return String.format(Locale.ROOT, "%.2f", Math.floor(up * 10_000) / 100);
    }
}
