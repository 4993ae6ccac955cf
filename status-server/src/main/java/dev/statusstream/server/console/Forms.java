package dev.statusstream.server.console;

import dev.statusstream.LocalizedText;
import dev.statusstream.ValidationException;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Reads console form fields: bounded, trimmed, blank as absent; bad values name their field. Stateless. */
final class Forms {
    private static final int MAX_FIELD = 10_000;
    private static final int MAX_CHOICES = 200;

    private Forms() {
    }

    static String optional(Context ctx, String name) {
        return optional(ctx, name, MAX_FIELD);
    }

    /** A field that may be longer than most (a postmortem), up to {@code max} characters. */
    static String optional(Context ctx, String name, int max) {
        String value = ctx.formParam(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > max) {
            throw new ValidationException(name, "is longer than " + max + " characters");
        }
        return value.strip();
    }

    /** The {@code after} query parameter of a paged list, checked by {@code check}; absent or empty is the first page. */
    static String after(Context ctx, java.util.function.UnaryOperator<String> check) {
        String after = ctx.queryParam("after");
        if (after == null || after.isEmpty()) {
            return null;
        }
        try {
            return check.apply(after);
        } catch (ValidationException e) {
            throw new ValidationException("after", e.reason());
        }
    }

    static String required(Context ctx, String name) {
        String value = optional(ctx, name);
        if (value == null) {
            throw new ValidationException(name, "is required");
        }
        return value;
    }

    /** A text in the page's default language; blank is none. */
    static LocalizedText text(Context ctx, String name, String language) {
        String value = optional(ctx, name);
        return value == null ? null : LocalizedText.of(language, value);
    }

    static List<String> choices(Context ctx, String name) {
        List<String> values = ctx.formParams(name);
        if (values.size() > MAX_CHOICES) {
            throw new ValidationException(name, "has more than " + MAX_CHOICES + " values");
        }
        return values.stream().filter(v -> !v.isBlank()).map(String::strip).distinct().toList();
    }

    /** A time from a {@code datetime-local} field, read as UTC (the console says so next to each). */
    static Instant utc(Context ctx, String name) {
        String value = optional(ctx, name);
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new ValidationException(name, "'" + value + "' is not a date and time like 2026-12-07T14:30");
        }
    }
}
