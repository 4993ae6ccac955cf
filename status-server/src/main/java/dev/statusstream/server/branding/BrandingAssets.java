package dev.statusstream.server.branding;

import dev.statusstream.Branding;
import dev.statusstream.LogoImage;
import dev.statusstream.StatusStream;
import dev.statusstream.server.api.HttpError;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the branding from our own origin, named by content so that each URL's bytes never change
 * (cached for a year, {@code immutable}, with a strong {@code ETag}):
 * <ul>
 * <li>{@code GET /branding/logo/{sha256}}: the logo, with a policy that keeps anything in it from
 *     running or loading even when opened on its own ({@code sandbox}, {@code default-src 'none'}); an SVG
 *     was already cleaned when it was set.</li>
 * <li>{@code GET /branding/theme/{rrggbb}.css}: the accent colour's style sheet, since the pages allow no
 *     inline style; the text on the accent is black or white, whichever contrasts more.</li>
 * </ul>
 * Logos are kept in memory once read (a few, each at most {@link LogoImage#MAX_BYTES}), so they are
 * served while PostgreSQL is away. Thread-safe.
 */
public final class BrandingAssets {
    /** The policy of a served logo: it may draw, with its own inline styles, and nothing else. */
    static final String LOGO_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern THEME = Pattern.compile("([0-9a-f]{6})\\.css");
    private static final int KEPT_LOGOS = 8;

    private final StatusStream status;
    private final Map<String, LogoImage> logos = new ConcurrentHashMap<>();

    public BrandingAssets(StatusStream status) {
        this.status = status;
    }

    /** The path of the logo under the page's base, or null without one. */
    public static String logoPath(Branding branding) {
        return branding.logo() == null ? null : "/branding/logo/" + branding.logo().sha256();
    }

    /** The path of the accent colour's style sheet under the page's base, or null without an accent. */
    public static String themePath(Branding branding) {
        return branding.accentColor() == null ? null : "/branding/theme/" + branding.accentColor().substring(1) + ".css";
    }

    public void logo(Context ctx) {
        String sha = ctx.pathParam("sha256");
        if (!SHA256.matcher(sha).matches()) {
            throw new HttpError(404, "no logo named '" + sha.substring(0, Math.min(sha.length(), 80)) + "'", null);
        }
        LogoImage logo = logos.get(sha);
        if (logo == null) {
            Optional<LogoImage> stored = status.logo(sha);
            if (stored.isEmpty()) {
                throw new HttpError(404, "no logo named '" + sha + "'", null);
            }
            logo = stored.get();
            if (logos.size() >= KEPT_LOGOS) {
                logos.clear();
            }
            logos.put(sha, logo);
        }
        ctx.header("Content-Security-Policy", LOGO_POLICY).header("Cross-Origin-Resource-Policy", "same-origin");
        send(ctx, "\"" + sha + "\"", logo.contentType(), logo.bytes());
    }

    public void theme(Context ctx) {
        var m = THEME.matcher(ctx.pathParam("file"));
        if (!m.matches()) {
            throw new HttpError(404, "no theme '" + ctx.pathParam("file") + "' (it is named by a colour, e.g. 00aa77.css)", null);
        }
        String accent = "#" + m.group(1);
        String text = new Branding(null, accent, null, null, null).accentTextColor();
        String css = ":root { --accent: " + accent + "; --accent-text: " + text + "; }\n"
                + "header.site { background: var(--accent); color: var(--accent-text); padding: .6rem 1rem; border-radius: 6px; }\n"
                + "header.site a, header.site .connection, header.site .langs a[aria-current] { color: var(--accent-text); }\n"
                + "header.site .connection .dot { box-shadow: 0 0 0 2px var(--accent-text); }\n";
        send(ctx, "\"" + m.group(1) + "\"", "text/css; charset=utf-8", css.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(Context ctx, String etag, String contentType, byte[] bytes) {
        ctx.header("ETag", etag).header("Cache-Control", IMMUTABLE);
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.strip().equals("*"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(contentType).result(bytes);
    }
}
