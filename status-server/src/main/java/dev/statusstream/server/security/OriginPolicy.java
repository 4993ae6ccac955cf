package dev.statusstream.server.security;

import dev.statusstream.ValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may open the stream (STATUS_MODE and STATUS_ALLOWED_ORIGINS), as a pure decision on the request's {@code Origin} and
 * {@code Sec-Fetch-Site} headers. Origins compare as exact strings against the configured ones, so no
 * prefix, suffix, case, userinfo, path, trailing-dot or list trick gets through. Immutable, thread-safe.
 */
public final class OriginPolicy {
    /** Development mode also allows these hosts, on any port, over http or https. */
    private static final Pattern LOCAL_ORIGIN = Pattern.compile("https?://(localhost|127\\.0\\.0\\.1|\\[::1\\])(:\\d{1,5})?");

    private final boolean production;
    private final Set<String> allowed;

    private OriginPolicy(boolean production, Set<String> allowed) {
        this.production = production;
        this.allowed = Set.copyOf(allowed);
    }

    /**
     * @param origins configured origins such as {@code https://status.example.com}; normalized
     *                (scheme and host lowercased, default port dropped) and checked
     * @throws ValidationException naming {@code STATUS_ALLOWED_ORIGINS} for an origin that is not one
     */
    public static OriginPolicy of(boolean production, List<String> origins) {
        Set<String> normalized = new LinkedHashSet<>();
        for (String origin : origins) {
            normalized.add(normalize(origin));
        }
        return new OriginPolicy(production, normalized);
    }

    /** The decision for a request. {@code origin} and {@code fetchSite} are the raw header values, or null. */
    public Decision decide(String origin, String fetchSite) {
        if (origin == null) {
            if ("same-origin".equals(fetchSite)) {
                return Decision.ALLOW_SAME_ORIGIN;
            }
            return production ? Decision.REJECT : Decision.ALLOW_SAME_ORIGIN;
        }
        if (allowed.contains(origin)) {
            return Decision.ALLOW_CROSS_ORIGIN;
        }
        if (!production && LOCAL_ORIGIN.matcher(origin).matches() && validPort(origin)) {
            return Decision.ALLOW_CROSS_ORIGIN;
        }
        return Decision.REJECT;
    }

    public boolean production() {
        return production;
    }

    public Set<String> allowed() {
        return allowed;
    }

    /** What to do with a request. */
    public enum Decision {
        /** Allowed, and the response names the origin in {@code Access-Control-Allow-Origin}. */
        ALLOW_CROSS_ORIGIN,
        /** Allowed, no CORS headers needed. */
        ALLOW_SAME_ORIGIN,
        /** Answer 403. */
        REJECT;

        public boolean allowed() {
            return this != REJECT;
        }
    }

    private static boolean validPort(String origin) {
        int colon = origin.lastIndexOf(':');
        if (colon < origin.indexOf("//") || origin.endsWith("]")) {
            return true;
        }
        int port = Integer.parseInt(origin.substring(colon + 1));
        return port >= 1 && port <= 65535;
    }

    static String normalize(String origin) {
        String setting = "STATUS_ALLOWED_ORIGINS";
        URI uri;
        try {
            uri = new URI(origin.strip());
        } catch (URISyntaxException e) {
            throw new ValidationException(setting, "'" + origin + "' is not an origin: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new ValidationException(setting, "'" + origin + "' must start with https:// or http://");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getHost().endsWith(".")
                || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new ValidationException(setting, "'" + origin
                    + "' must be only scheme://host[:port], like https://status.example.com (no path, user or trailing slash)");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }
}
