package dev.statusstream.server.api;

/**
 * Escaping of untrusted text (operator input: titles, bodies, labels) placed in XML, SVG or HTML.
 * Stateless.
 */
public final class Markup {
    private Markup() {
    }

    /** {@code text} as character data or an attribute value: markup characters escaped, unrepresentable ones dropped. */
    public static String escape(String text) {
        String clean = clean(text);
        var out = new StringBuilder(clean.length() + 16);
        for (int i = 0; i < clean.length(); i++) {
            char c = clean.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Drops what XML 1.0 cannot carry even escaped: most control characters, lone surrogates, U+FFFE/U+FFFF. */
    public static String clean(String text) {
        var out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    out.append(c).append(text.charAt(++i));
                }
            } else if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
