package dev.statusstream.server.security;

import dev.statusstream.ValidationException;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * Who the client is behind a reverse proxy ({@code STATUS_TRUSTED_PROXIES}). The per-address stream
 * limit and the admin log need the browser's address, not the proxy's; but {@code X-Forwarded-For} is
 * only believed when the connection comes from a configured proxy. Every line of the header counts, in
 * order, as one comma-separated list (a proxy may append its own line after the client's), and the
 * list is walked from the right over trusted proxies: the first address that is not one is the client,
 * since anything left of it may be forged. The same connection's {@code X-Forwarded-Proto} says whether
 * the reader came over HTTPS. Immutable and thread-safe.
 */
public final class TrustedProxies {
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");
    /** Dotted quads only: anything else would make InetAddress look the name up in DNS. */
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    private static final String FORWARDED_PROTO = "X-Forwarded-Proto";

    private final InetAddressSet ranges;

    private TrustedProxies(InetAddressSet ranges) {
        this.ranges = ranges;
    }

    /**
     * Parses addresses and CIDR ranges such as {@code 10.0.0.0/8}, {@code 127.0.0.1} or {@code ::1}.
     *
     * @throws ValidationException naming {@code STATUS_TRUSTED_PROXIES} for anything else (host names are not resolved)
     */
    public static TrustedProxies of(List<String> entries) {
        var ranges = new InetAddressSet();
        for (String entry : entries) {
            ranges.add(range(entry.strip()));
        }
        return new TrustedProxies(ranges);
    }

    /** The client's address for {@code ctx}. */
    public String clientAddress(Context ctx) {
        return clientAddress(ctx.req().getRemoteAddr(), joined(ctx.req(), "X-Forwarded-For"));
    }

    /** As {@link #clientAddress(Context)}, for a request seen by a Jetty handler in front of the servlets. */
    public String clientAddress(Request request) {
        List<String> lines = request.getHeaders().getValuesList("X-Forwarded-For");
        return clientAddress(Request.getRemoteAddr(request), lines.isEmpty() ? null : String.join(",", lines));
    }

    /**
     * Whether the request came over HTTPS: directly, or through a trusted proxy that says so in
     * {@code X-Forwarded-Proto} (its first value: the scheme the outermost proxy saw). A client that is
     * not a trusted proxy cannot make the server believe it.
     */
    public boolean https(HttpServletRequest request) {
        return request.isSecure() || https(request.getRemoteAddr(), joined(request, FORWARDED_PROTO));
    }

    /** As {@link #https(HttpServletRequest)}, for a request seen by a Jetty handler in front of the servlets. */
    public boolean https(Request request) {
        if (request.isSecure()) {
            return true;
        }
        List<String> lines = request.getHeaders().getValuesList(FORWARDED_PROTO);
        return !lines.isEmpty() && https(Request.getRemoteAddr(request), String.join(",", lines));
    }

    private boolean https(String remote, String forwardedProto) {
        return forwardedProto != null && trusted(remote) && "https".equalsIgnoreCase(forwardedProto.split(",", 2)[0].strip());
    }

    String clientAddress(String remote, String forwardedFor) {
        if (ranges.isEmpty() || forwardedFor == null || !trusted(remote)) {
            return remote;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (address(hop) == null) {
                return remote;
            }
            if (!trusted(hop)) {
                return hop;
            }
        }
        return remote;
    }

    /** Every line of the header {@code name}, in order, as one list; null when there is none. */
    private static String joined(HttpServletRequest request, String name) {
        List<String> lines = new ArrayList<>();
        var values = request.getHeaders(name);
        if (values != null) {
            lines.addAll(Collections.list(values));
        }
        return lines.isEmpty() ? null : String.join(",", lines);
    }

    private boolean trusted(String literal) {
        InetAddress address = address(literal);
        return address != null && ranges.test(address);
    }

    /** {@code entry} checked to be an address or CIDR range, in the form InetAddressSet reads. */
    private static String range(String entry) {
        String[] parts = entry.split("/", 2);
        InetAddress network = address(parts[0]);
        if (network == null) {
            throw new ValidationException("STATUS_TRUSTED_PROXIES", "'" + entry + "' is not an IP address or CIDR range");
        }
        int bits = network.getAddress().length * 8;
        if (parts.length == 1) {
            return network.getHostAddress();
        }
        int prefix;
        try {
            prefix = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (prefix < 0 || prefix > bits) {
            throw new ValidationException("STATUS_TRUSTED_PROXIES", "'" + entry + "' has a bad prefix length (0 to " + bits + ")");
        }
        return network.getHostAddress() + "/" + prefix;
    }

    /** A literal address, never a DNS lookup; null when {@code literal} is not one. */
    private static InetAddress address(String literal) {
        String address = literal.startsWith("[") && literal.endsWith("]") ? literal.substring(1, literal.length() - 1) : literal;
        if (!LITERAL.matcher(address).matches() || !address.contains(":") && !IPV4.matcher(address).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
