package dev.statusstream.server.api;

import dev.statusstream.ValidationException;
import dev.statusstream.server.api.PublicSite;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;

/**
 * The site that the feeds, the badge and the Statuspage-compatible API report for a request: the
 * configured one, or, for a mounted page given no public address, the address the request came to
 * (scheme, host and port as Jetty sees them, which honours {@code X-Forwarded-*} when the application
 * installed Jetty's {@code ForwardedRequestCustomizer}), the application's context path and our prefix.
 * That is what the page itself does for its own links. Immutable; thread-safe.
 */
public final class SiteResolver {
    private final PublicSite configured;
    private final String name;
    private final String prefix;

    private SiteResolver(PublicSite configured, String name, String prefix) {
        this.configured = configured;
        this.name = name;
        this.prefix = prefix;
    }

    /** Always {@code site}. */
    public static SiteResolver fixed(PublicSite site) {
        return new SiteResolver(site, site.name(), "");
    }

    /**
     * A site named {@code name} at the address each request came to.
     *
     * @param prefix where the status routes are mounted, e.g. {@code /status}
     */
    public static SiteResolver fromRequests(String name, String prefix) {
        return new SiteResolver(null, name, prefix);
    }

    /** The page's name, configured or default. */
    public String name() {
        return name;
    }

    /**
     * The site as {@code ctx} should see it.
     *
     * @throws ValidationException naming {@code Host} when the request's address cannot be a link
     */
    public PublicSite site(Context ctx) {
        if (configured != null) {
            return configured;
        }
        HttpServletRequest req = ctx.req();
        String scheme = req.getScheme().toLowerCase(Locale.ROOT);
        String host = req.getServerName();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = req.getServerPort();
        boolean usualPort = port <= 0 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        String url = scheme + "://" + host + (usualPort ? "" : ":" + port) + ctx.contextPath() + prefix;
        try {
            return new PublicSite(name, url);
        } catch (ValidationException e) {
            throw new ValidationException("Host", "cannot be the page's public address: " + e.reason());
        }
    }
}
