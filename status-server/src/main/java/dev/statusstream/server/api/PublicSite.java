package dev.statusstream.server.api;

import dev.statusstream.ValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * How the status page names itself to other tools (the Statuspage-compatible API, the feeds, the
 * badge): its name and the public address readers open. Immutable; validated when built.
 *
 * @param name the page's name ({@code STATUS_PAGE_NAME}), 1 to 100 characters without control characters
 * @param url  the page's public address ({@code STATUS_PUBLIC_URL}): {@code http(s)://host[:port][/path]},
 *             kept without a trailing slash
 */
public record PublicSite(String name, String url) {
    /** The name of a page nobody named; the HTML page then uses its own localized title. */
    public static final String DEFAULT_NAME = "Status";

    private static final int MAX_NAME = 100;

    public PublicSite {
        name = name == null ? "" : name.strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new ValidationException("STATUS_PAGE_NAME", "must be 1 to " + MAX_NAME + " characters, was " + name.length());
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new ValidationException("STATUS_PAGE_NAME", "must not contain control characters");
        }
        url = checkUrl(url);
    }

    /**
     * This site under the branding's name, when it has one: what the feeds, the badge and the
     * Statuspage-compatible API call the page.
     */
    public PublicSite branded(dev.statusstream.Branding branding) {
        return branding.name() == null ? this : new PublicSite(branding.name(), url);
    }

    /** The address readers use when nothing is configured: this machine, on the port the server listens on. */
    public static String defaultUrl(String host, int port) {
        String h = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host.strip();
        if (h.contains(":") && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        return "http://" + h + (port == 0 || port == 80 ? "" : ":" + port);
    }

    /**
     * A stable page id for the Statuspage-compatible API, the same on every node of one page: derived
     * from the public address.
     */
    public String id() {
        return shortHash(url);
    }

    /** Changes whenever the name or the address does: part of every validator of what shows them. */
    public String fingerprint() {
        return shortHash(name + '\n' + url);
    }

    /** Twelve hex digits of the SHA-256 of {@code value}: a short id that is the same on every node. */
    public static String shortHash(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The public address of {@code path} (which starts with {@code /}) on the page. */
    public String link(String path) {
        return url + path;
    }

    private static String checkUrl(String value) {
        String url = value == null ? "" : value.strip();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ValidationException("STATUS_PUBLIC_URL", "'" + value + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ValidationException("STATUS_PUBLIC_URL", "'" + value + "' must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new ValidationException("STATUS_PUBLIC_URL", "'" + value + "' must name a host (and no user)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ValidationException("STATUS_PUBLIC_URL", "'" + value + "' must not have a query or fragment");
        }
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url;
    }
}
