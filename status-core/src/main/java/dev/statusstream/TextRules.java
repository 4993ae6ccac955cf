package dev.statusstream;

/**
 * What operator text may contain. PostgreSQL cannot store NUL, and a lone UTF-16 surrogate is not a
 * character (it would reach the database as {@code ?}); other control characters than tab and line
 * breaks, and text made only of invisible characters (zero-width spaces, direction marks, byte-order
 * marks), would show as nothing or as garbage on the page. Stateless, so thread-safe.
 */
final class TextRules {
    /** How much of a rejected value an error message quotes. */
    private static final int QUOTED = 100;

    private TextRules() {
    }

    /**
     * The first thing PostgreSQL cannot store in {@code text}: a NUL or a lone surrogate.
     *
     * @return why, or null when it can be stored
     */
    static String unstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "contains the character U+0000 (NUL) at position " + i;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains a lone surrogate U+" + hex(c) + " at position " + i + ", which is not a character";
            }
        }
        return null;
    }

    /**
     * What keeps {@code text} from being shown as written: anything {@link #unstorable} finds, a
     * control character other than tab, line feed and carriage return, or nothing visible at all.
     *
     * @return why, or null when the text is fine
     */
    static String unreadable(String text) {
        String unstorable = unstorable(text);
        if (unstorable != null) {
            return unstorable;
        }
        boolean visible = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (Character.getType(c) == Character.CONTROL && c != '\t' && c != '\n' && c != '\r') {
                return "contains the control character U+" + hex(c) + " at position " + i;
            }
            visible |= !invisible(c);
            i += Character.charCount(c);
        }
        return visible ? null : "is empty (it has only invisible characters)";
    }

    /** Checks a plain (not localized) text field; returns it. */
    static String check(String field, String text) {
        String why = text == null ? null : unreadable(text);
        if (why != null) {
            throw new ValidationException(field, why);
        }
        return text;
    }

    /** Spaces, format characters (zero-width, direction marks, BOM), controls, fillers and variation selectors. */
    private static boolean invisible(int c) {
        int type = Character.getType(c);
        return Character.isWhitespace(c) || type == Character.SPACE_SEPARATOR || type == Character.FORMAT
                || type == Character.CONTROL
                || c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x2800 || c == 0x3164 || c == 0xFFA0
                || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF);
    }

    /** A rejected value as an error message may quote it: at most {@value #QUOTED} characters, controls escaped. */
    static String abbreviate(String value) {
        if (value == null) {
            return "null";
        }
        var out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < QUOTED; i++) {
            char c = value.charAt(i);
            boolean paired = Character.isHighSurrogate(c) ? i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))
                    : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
            out.append(Character.isISOControl(c) || Character.isSurrogate(c) && !paired ? "\\u" + hex(c) : String.valueOf(c));
        }
        return out.length() >= QUOTED && value.length() > QUOTED ? out + "..." : out.toString();
    }

    private static String hex(int c) {
        return String.format("%04X", c);
    }
}
