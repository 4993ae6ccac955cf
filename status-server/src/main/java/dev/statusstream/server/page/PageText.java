package dev.statusstream.server.page;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The page's words in one language, and the formatting rules the templates use. The script gets the same
 * messages (and the same {@code {0}} placeholder rule), so both sides say things the same way.
 *
 * @param lang      the reader's language (one with a message bundle)
 * @param preferred languages to pick operator text in, best first
 * @param fallback  the configured default language of operator text
 * @param messages  every message in {@code lang}
 */
public record PageText(String lang, List<String> preferred, String fallback, Map<String, String> messages) {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter UTC_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    public PageText {
        preferred = List.copyOf(preferred);
        messages = Map.copyOf(messages);
    }

    /** The message {@code key} with {@code {0}}, {@code {1}}... replaced by {@code args}; the key itself if missing. */
    public String t(String key, Object... args) {
        String text = messages.getOrDefault(key, key);
        for (int i = 0; i < args.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return text;
    }

    /** {@code <prefix>.one} for one, else {@code <prefix>.count} with the number: "1 update", "3 updates". */
    public String count(String prefix, int n) {
        return n == 1 ? t(prefix + ".one") : t(prefix + ".count", n);
    }

    /** The part of message {@code key} before its {@code {0}}: for wrapping an element (a time) in a sentence. */
    public String before(String key) {
        String text = t(key);
        int at = text.indexOf("{0}");
        return at < 0 ? text : text.substring(0, at);
    }

    /** The part of message {@code key} after its {@code {0}}. */
    public String after(String key) {
        String text = t(key);
        int at = text.indexOf("{0}");
        return at < 0 ? "" : text.substring(at + 3);
    }

    /**
     * An instant for readers without JavaScript, named as UTC; the script rewrites every {@code <time>} in the
     * reader's own zone.
     */
    public static String utc(Instant instant) {
        return instant == null ? "" : UTC.format(instant);
    }

    /**
     * How precisely the two ends of a span are written: {@code "seconds"} when they fall in the same
     * minute (a 30-second window would otherwise read "09:17 – 09:17"), else {@code "minutes"}. status.js
     * decides the same way and reads it back from the {@code data-precision} attribute.
     */
    public static String precision(Instant from, Instant to) {
        return to != null && from.getEpochSecond() / 60 == to.getEpochSecond() / 60 ? "seconds" : "minutes";
    }

    /** {@link #utc(Instant)} with seconds when {@code precision} is {@code "seconds"}. */
    public static String utc(Instant instant, String precision) {
        return instant == null ? "" : "seconds".equals(precision) ? UTC_SECONDS.format(instant) : UTC.format(instant);
    }

    /** A calendar day in the reader's language ({@code Sep 1, 2026}, {@code 2026/09/01}). */
    public String date(LocalDate day) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(Locale.forLanguageTag(lang)).format(day);
    }

    /** A length of time in whole minutes: {@code 2 h 5 min}, {@code 45 min}, {@code < 1 min}. */
    public String duration(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes < 1) {
            return t("duration.lessThanMinute");
        }
        long hours = minutes / 60;
        long rest = minutes % 60;
        if (hours == 0) {
            return t("duration.minutes", rest);
        }
        return rest == 0 ? t("duration.hours", hours) : t("duration.hoursMinutes", hours, rest);
    }
}
