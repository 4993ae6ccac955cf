package dev.statusstream.server.security;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * What every request under our prefix goes through before Javalin sees it, mapped by the servlet
 * container to the prefix only, so a host application's own routes are left alone:
 * <ul>
 * <li>{@code X-HTTP-Method-Override} is dropped. Javalin would otherwise route a GET carrying
 *     {@code X-HTTP-Method-Override: DELETE} to a DELETE route, so a link or image could make a browser
 *     holding a token delete things; our clients send real methods.</li>
 * <li>Every reply, whatever writes it (JSON, feeds, static files, errors, the stream), gets
 *     {@code X-Content-Type-Options: nosniff}, and, when the request came over HTTPS (directly or
 *     from a trusted proxy's {@code X-Forwarded-Proto}), {@code Strict-Transport-Security}.</li>
 * </ul>
 * The HTML pages add their own policy ({@code frame-ancestors}, {@code Referrer-Policy}) where they
 * are rendered. Stateless apart from its configuration; thread-safe.
 */
public final class SecurityFilter implements Filter {
    static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";
    /** A year, the usual preload minimum; without includeSubDomains, which is the site owner's call. */
    static final String HSTS = "max-age=31536000";

    private static final HttpField NOSNIFF = new PreEncodedHttpField("X-Content-Type-Options", "nosniff");
    private static final HttpField STRICT_TRANSPORT = new PreEncodedHttpField("Strict-Transport-Security", HSTS);

    private final TrustedProxies proxies;

    public SecurityFilter(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse reply)) {
            chain.doFilter(request, response);
            return;
        }
        reply.setHeader(NOSNIFF.getName(), NOSNIFF.getValue());
        if (proxies.https(http)) {
            reply.setHeader(STRICT_TRANSPORT.getName(), STRICT_TRANSPORT.getValue());
        }
        chain.doFilter(http.getHeader(METHOD_OVERRIDE) == null ? http : new WithoutMethodOverride(http), reply);
    }

    /**
     * The same headers for a reply that a Jetty handler in front of the servlets writes itself, without
     * passing this filter. Such a handler serves GET and HEAD only, so there is no method to override.
     */
    public void secure(Request request, Response response) {
        response.getHeaders().add(NOSNIFF);
        if (proxies.https(request)) {
            response.getHeaders().add(STRICT_TRANSPORT);
        }
    }

    /** The request as sent, minus {@code X-HTTP-Method-Override}. */
    private static final class WithoutMethodOverride extends HttpServletRequestWrapper {
        WithoutMethodOverride(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return METHOD_OVERRIDE.equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return METHOD_OVERRIDE.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            names.removeIf(METHOD_OVERRIDE::equalsIgnoreCase);
            return Collections.enumeration(names);
        }
    }
}
