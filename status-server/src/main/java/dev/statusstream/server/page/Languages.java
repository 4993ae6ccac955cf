package dev.statusstream.server.page;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Picks the reader's language: {@code ?lang=}, then the {@code lang} cookie, then {@code Accept-Language}.
 * The values come from anyone, so whatever is not a language range is skipped, never an error: the
 * reader then gets the next choice, at worst the default language. Stateless.
 */
public final class Languages {
    private Languages() {
    }

    /** The languages the reader asked for, best first, as lowercase primary tags (e.g. {@code ja}, {@code en}). */
    public static List<String> preferred(String query, String cookie, String acceptLanguage) {
        List<String> result = new ArrayList<>();
        // pt_BR is a common spelling in links and cookies; a language range has a hyphen
        addAll(result, ranges(query == null ? null : query.replace('_', '-')));
        addAll(result, ranges(cookie == null ? null : cookie.replace('_', '-')));
        addAll(result, ranges(acceptLanguage));
        return result;
    }

    /** The first of {@code preferred} we have messages for, else {@code fallback}. */
    public static String choose(List<String> preferred, Messages messages, String fallback) {
        for (String language : preferred) {
            if (messages.supports(language)) {
                return language;
            }
        }
        return messages.supports(fallback) ? fallback : "en";
    }

    /**
     * The language ranges of a header or parameter (RFC 4647, as {@code Accept-Language} writes them),
     * best first, without those of weight 0. A list with a malformed entry keeps its well-formed ones.
     */
    private static List<Locale.LanguageRange> ranges(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        try {
            return Locale.LanguageRange.parse(value);
        } catch (IllegalArgumentException malformed) {
            List<Locale.LanguageRange> kept = new ArrayList<>();
            for (String entry : value.split(",")) {
                try {
                    kept.addAll(Locale.LanguageRange.parse(entry));
                } catch (IllegalArgumentException e) {
                    // not a language range: skipped
                }
            }
            kept.sort((a, b) -> Double.compare(b.getWeight(), a.getWeight()));
            return kept;
        }
    }

    private static void addAll(List<String> list, List<Locale.LanguageRange> ranges) {
        for (Locale.LanguageRange range : ranges) {
            String primary = range.getRange().split("-", 2)[0];
            if (range.getWeight() > 0 && primary.matches("[a-z]{2,3}") && !list.contains(primary)) {
                list.add(primary);
            }
        }
    }
}
