package dev.statusstream.cli;

import dev.statusstream.EnvironmentSettings;
import dev.statusstream.StoredTime;
import dev.statusstream.ValidationException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Times on the command line: {@code now}, a delay from now ({@code +30s}, {@code +10m}, {@code +2h},
 * {@code +1d}: a plus and a duration as the settings write them), or a time with a zone
 * ({@code 2026-11-28T02:00Z}, {@code 2026-11-28T11:00+09:00}). A time without a zone is refused rather
 * than guessed.
 */
final class Times {
    private Times() {
    }

    /**
     * Null when {@code value} is null.
     *
     * @throws ValidationException naming {@code option} when the value is not a time, or is outside the
     *                             years 0001 to 9999 every time must lie in ({@link StoredTime})
     */
    static Instant parse(String value, Clock clock, String option) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (v.equals("now")) {
            return now;
        }
        Instant time;
        try {
            // lowercase only: in a date, "+1M" reads as a month, which the settings' grammar takes for minutes
            if (v.startsWith("+") && v.equals(v.toLowerCase(Locale.ROOT))) {
                time = now.plus(EnvironmentSettings.parseDuration(option, v.substring(1)));
            } else {
                try {
                    time = OffsetDateTime.parse(v).toInstant();
                } catch (DateTimeParseException e) {
                    time = OffsetDateTime.parse(v.replaceFirst("T(\\d\\d:\\d\\d)(Z|[+-])", "T$1:00$2")).toInstant();
                }
            }
        } catch (ValidationException | DateTimeParseException e) {
            throw new ValidationException(option, "'" + value + "' is not a time: write now, +10m, +2h, +1d, "
                    + "or a time with a zone like 2026-11-28T02:00Z or 2026-11-28T11:00+09:00");
        } catch (DateTimeException | ArithmeticException e) {
            time = null; // beyond what Instant holds: out of range, as below
        }
        if (time == null || time.isAfter(StoredTime.MAX) || time.isBefore(StoredTime.MIN)) {
            throw new ValidationException(option, "'" + value + "' is out of range: times must lie between "
                    + "0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
        }
        return time;
    }
}
