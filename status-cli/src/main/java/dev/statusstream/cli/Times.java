package dev.statusstream.cli;

import dev.statusstream.ValidationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times on the command line: {@code now}, a delay from now ({@code +30s}, {@code +10m}, {@code +2h},
 * {@code +1d}), or a time with a zone ({@code 2026-11-28T02:00Z}, {@code 2026-11-28T11:00+09:00}). A time
 * without a zone is refused rather than guessed.
 */
final class Times {
    private static final Pattern RELATIVE = Pattern.compile("\\+(\\d{1,6})(s|m|h|d)");

    private Times() {
    }

    /** Null when {@code value} is null. */
    static Instant parse(String value, Clock clock, String option) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.equals("now")) {
            return clock.instant().truncatedTo(ChronoUnit.SECONDS);
        }
        Matcher m = RELATIVE.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration delay = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(delay);
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(v.replaceFirst("T(\\d\\d:\\d\\d)(Z|[+-])", "T$1:00$2")).toInstant();
            } catch (DateTimeParseException again) {
                throw new ValidationException(option, "'" + value + "' is not a time: write now, +10m, +2h, +1d, "
                        + "or a time with a zone like 2026-11-28T02:00Z or 2026-11-28T11:00+09:00");
            }
        }
    }
}
