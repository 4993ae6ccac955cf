package dev.statusstream;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The range of times StatusStream accepts: years 0001 to 9999 (UTC). Every time it stores, compares
 * in a query or sends is within it: well inside what PostgreSQL's {@code timestamptz} holds, and written
 * with the four-digit year that ISO 8601 / RFC 3339 readers (JSON clients, browsers, feed readers)
 * expect. Stateless, so thread-safe.
 */
public final class StoredTime {
    /** The earliest time accepted: {@code 0001-01-01T00:00:00Z}. */
    public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    /** The latest time accepted: {@code 9999-12-31T23:59:59.999999Z} (PostgreSQL keeps microseconds). */
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");

    private StoredTime() {
    }

    /**
     * Checks that a time is within {@link #MIN} and {@link #MAX}.
     *
     * @param field the input field to name in an error
     * @param time  the time, or null
     * @return {@code time}
     * @throws ValidationException naming {@code field} when the time is out of range
     */
    public static Instant check(String field, Instant time) {
        if (time != null && (time.isBefore(MIN) || time.isAfter(MAX))) {
            throw new ValidationException(field, "'" + time + "' is out of range: times must lie between "
                    + "0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
        }
        return time;
    }

    /**
     * Checks a time as {@link #check} does and drops what is finer than a microsecond, which PostgreSQL
     * does not keep: a record then holds the time that is stored and read back, and a window one
     * nanosecond long is refused as empty rather than stored empty.
     *
     * @param field the input field to name in an error
     * @param time  the time, or null
     * @return {@code time} to the microsecond, or null
     * @throws ValidationException naming {@code field} when the time is out of range
     */
    public static Instant stored(String field, Instant time) {
        return time == null ? null : check(field, time).truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Reads an ISO-8601 time with a zone ({@code 2026-11-28T02:00:00Z}, {@code 2026-11-28T11:00:00+09:00})
     * and checks its range.
     *
     * @param field the input field to name in an error
     * @param text  the text
     * @return the time
     * @throws ValidationException naming {@code field} when the text is not such a time or is out of range
     */
    public static Instant parse(String field, String text) {
        Instant time;
        try {
            time = OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new ValidationException(field, "'" + TextRules.abbreviate(text) + "' is not a time with a zone, like 2026-11-28T02:00:00Z");
        } catch (DateTimeException | ArithmeticException e) {
            throw new ValidationException(field, "'" + TextRules.abbreviate(text) + "' is out of range: times must lie between "
                    + "0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
        }
        return check(field, time);
    }
}
