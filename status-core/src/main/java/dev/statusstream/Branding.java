package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How the page presents itself: its name, an accent colour, a logo and links to the owner's home page
 * and support. Every field may be null (the server's defaults apply). Part of every {@link Snapshot}, so
 * every node shows the same branding at the same version.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name        the page's name, instead of the configured one; at most {@value #MAX_NAME} characters
 * @param accentColor the accent colour, {@code #rrggbb} in lower case
 * @param logo        the logo, served by the page's own origin
 * @param homeUrl     the owner's home page (http or https)
 * @param supportUrl  where readers get help (http, https or mailto)
 */
@JsonPropertyOrder({"name", "accentColor", "logo", "homeUrl", "supportUrl"})
public record Branding(String name, String accentColor, Logo logo, String homeUrl, String supportUrl) {
    /** The longest page name. */
    public static final int MAX_NAME = 100;
    /** No branding: the server's configured name and its own colours. */
    public static final Branding NONE = new Branding(null, null, null, null, null);
    private static final Pattern COLOR = Pattern.compile("#([0-9a-f]{3}|[0-9a-f]{6})");
    private static final Pattern WEB_URL = Pattern.compile("https?://[^\\s\\p{Cntrl}\"'<>\\\\]{1,2000}");
    private static final Pattern SUPPORT_URL = Pattern.compile("(https?://|mailto:)[^\\s\\p{Cntrl}\"'<>\\\\]{1,2000}");

    /**
     * A logo kept by the page: the SHA-256 of its bytes (which names it and is its ETag) and its type.
     *
     * @param sha256      64 lower-case hex digits
     * @param contentType {@code image/svg+xml} or {@code image/png}
     */
    public record Logo(String sha256, String contentType) {
        /**
         * Checks the hash and the type.
         *
         * @throws ValidationException naming {@code logo} when either is malformed
         */
        public Logo {
            if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
                throw new ValidationException("logo", "has no valid SHA-256");
            }
            if (!LogoImage.SVG.equals(contentType) && !LogoImage.PNG.equals(contentType)) {
                throw new ValidationException("logo", "must be image/svg+xml or image/png, not " + contentType);
            }
        }
    }

    /**
     * Checks every field that is given; empty strings become null.
     *
     * @throws ValidationException naming the first bad field
     */
    public Branding {
        name = blankToNull(name);
        if (name != null) {
            TextRules.check("name", name);
            if (name.length() > MAX_NAME || name.contains("\n") || name.contains("\r")) {
                throw new ValidationException("name", "must be one line of at most " + MAX_NAME + " characters");
            }
            name = name.strip();
        }
        accentColor = blankToNull(accentColor) == null ? null : checkColor(accentColor);
        homeUrl = checkUrl("homeUrl", blankToNull(homeUrl), WEB_URL, "an http:// or https:// URL");
        supportUrl = checkUrl("supportUrl", blankToNull(supportUrl), SUPPORT_URL, "an http://, https:// or mailto: URL");
    }

    /**
     * Checks an accent colour and writes it as {@code #rrggbb}.
     *
     * @param color {@code #rgb} or {@code #rrggbb}, any case
     * @return the colour as {@code #rrggbb} in lower case
     * @throws ValidationException naming {@code accentColor} when it is neither
     */
    public static String checkColor(String color) {
        String lower = color == null ? "" : color.strip().toLowerCase(Locale.ROOT);
        if (!COLOR.matcher(lower).matches()) {
            throw new ValidationException("accentColor", "'" + TextRules.abbreviate(color)
                    + "' is not a colour: write #rgb or #rrggbb, e.g. #0a7 or #00aa77");
        }
        if (lower.length() == 4) {
            lower = "#" + lower.charAt(1) + lower.charAt(1) + lower.charAt(2) + lower.charAt(2) + lower.charAt(3) + lower.charAt(3);
        }
        return lower;
    }

    /**
     * The text colour to write on the accent colour: black or white, whichever contrasts more. One of
     * them always reaches a contrast ratio of at least 4.58:1 (WCAG AA for normal text).
     *
     * @return {@code #000000} or {@code #ffffff}; null without an accent colour
     */
    @JsonIgnore
    public String accentTextColor() {
        if (accentColor == null) {
            return null;
        }
        double l = luminance(accentColor);
        return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? "#000000" : "#ffffff";
    }

    /**
     * The contrast ratio between two colours, as WCAG defines it.
     *
     * @param a a colour, {@code #rrggbb}
     * @param b another
     * @return from 1 (none) to 21 (black on white)
     */
    public static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /** WCAG relative luminance of {@code #rrggbb}. */
    private static double luminance(String color) {
        double r = channel(Integer.parseInt(color.substring(1, 3), 16));
        double g = channel(Integer.parseInt(color.substring(3, 5), 16));
        double b = channel(Integer.parseInt(color.substring(5, 7), 16));
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    }

    private static double channel(int value) {
        double c = value / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static String checkUrl(String field, String url, Pattern pattern, String what) {
        if (url != null && (!pattern.matcher(url).matches() || TextRules.unstorable(url) != null)) {
            throw new ValidationException(field, "'" + TextRules.abbreviate(url) + "' is not " + what);
        }
        return url;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
