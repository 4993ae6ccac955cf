package dev.statusstream.server.api.badge;

import dev.statusstream.server.api.Markup;
import java.util.Locale;

/**
 * A flat two-part SVG badge ({@code label | message}) in the style README badges use. Widths are
 * estimated from character classes of an 11 px sans-serif face; every text is escaped. Immutable.
 */
record Badge(String label, String message, String color) {
    private static final int MAX_TEXT = 40;
    private static final int PADDING = 6;

    String svg() {
        String left = shorten(label);
        String right = shorten(message);
        int leftWidth = width(left) + 2 * PADDING;
        int rightWidth = width(right) + 2 * PADDING;
        int total = leftWidth + rightWidth;
        String l = Markup.escape(left);
        String r = Markup.escape(right);
        String title = Markup.escape(left + ": " + right);
        return String.format(Locale.ROOT, """
                <svg xmlns="http://www.w3.org/2000/svg" width="%1$d" height="20" role="img" aria-label="%2$s">\
                <title>%2$s</title>\
                <linearGradient id="s" x2="0" y2="100%%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/>\
                <stop offset="1" stop-opacity=".1"/></linearGradient>\
                <clipPath id="r"><rect width="%1$d" height="20" rx="3" fill="#fff"/></clipPath>\
                <g clip-path="url(#r)"><rect width="%3$d" height="20" fill="#555"/>\
                <rect x="%3$d" width="%4$d" height="20" fill="%5$s"/><rect width="%1$d" height="20" fill="url(#s)"/></g>\
                <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">\
                <text x="%6$.1f" y="15" fill="#010101" fill-opacity=".3">%7$s</text><text x="%6$.1f" y="14">%7$s</text>\
                <text x="%8$.1f" y="15" fill="#010101" fill-opacity=".3">%9$s</text><text x="%8$.1f" y="14">%9$s</text>\
                </g></svg>
                """, total, title, leftWidth, rightWidth, color, leftWidth / 2.0, l,
                leftWidth + rightWidth / 2.0, r);
    }

    private static String shorten(String text) {
        String strip = text.strip();
        return strip.codePointCount(0, strip.length()) <= MAX_TEXT ? strip
                : strip.substring(0, strip.offsetByCodePoints(0, MAX_TEXT - 1)) + "…";
    }

    /** Estimated rendered width in pixels. */
    static int width(String text) {
        double px = text.codePoints().mapToDouble(Badge::advance).sum();
        return (int) Math.ceil(px);
    }

    private static double advance(int c) {
        if (Character.isIdeographic(c) || Character.UnicodeScript.of(c) == Character.UnicodeScript.HIRAGANA
                || Character.UnicodeScript.of(c) == Character.UnicodeScript.KATAKANA || Character.UnicodeScript.of(c) == Character.UnicodeScript.HANGUL) {
            return 11;
        }
        if ("ijlI.,:;'!|() ".indexOf(c) >= 0) {
            return 3.7;
        }
        if ("mwMW@".indexOf(c) >= 0) {
            return 10;
        }
        return Character.isUpperCase(c) || Character.isDigit(c) ? 7.5 : 6.6;
    }
}
