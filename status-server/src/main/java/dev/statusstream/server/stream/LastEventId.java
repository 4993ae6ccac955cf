package dev.statusstream.server.stream;

import java.util.OptionalLong;
import java.util.regex.Pattern;

/** The version a reconnecting client last saw, from {@code Last-Event-ID} or {@code ?lastEventId=}. */
final class LastEventId {
    /** Up to 18 digits: anything longer cannot be a version we handed out, and never overflows. */
    private static final Pattern VERSION = Pattern.compile("\\d{1,18}");

    private LastEventId() {
    }

    /** The header wins over the query parameter; garbage, negatives and overlong values are "none". */
    static OptionalLong parse(String header, String query) {
        String raw = header != null ? header : query;
        if (raw == null) {
            return OptionalLong.empty();
        }
        String trimmed = raw.strip();
        return VERSION.matcher(trimmed).matches() ? OptionalLong.of(Long.parseLong(trimmed)) : OptionalLong.empty();
    }
}
