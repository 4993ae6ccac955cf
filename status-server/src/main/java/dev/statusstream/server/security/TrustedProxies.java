package dev.statusstream.server.security;

import dev.statusstream.ValidationException;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who the client is behind a reverse proxy ({@code STATUS_TRUSTED_PROXIES}). The per-address stream
 * limit needs the browser's address, not the proxy's; but {@code X-Forwarded-For} is only believed
 * when the connection comes from a configured proxy, and then its last address that is not itself a
 * trusted proxy is the client (the proxy appends or sets what it saw, so earlier entries may be forged).
 * Immutable and thread-safe.
 */
public final class TrustedProxies {
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");
    /** Dotted quads only: anything else would make InetAddress look the name up in DNS. */
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int mask = (0xFF << (8 - prefix % 8)) & 0xFF;
            return prefix % 8 == 0 || (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    /**
     * Parses addresses and CIDR ranges such as {@code 10.0.0.0/8}, {@code 127.0.0.1} or {@code ::1}.
     *
     * @throws ValidationException naming {@code STATUS_TRUSTED_PROXIES} for anything else (host names are not resolved)
     */
    public static TrustedProxies of(List<String> entries) {
        return new TrustedProxies(entries.stream().map(TrustedProxies::range).toList());
    }

    /** The client's address for {@code ctx}. */
    public String clientAddress(Context ctx) {
        return clientAddress(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
    }

    String clientAddress(String remote, String forwardedFor) {
        if (ranges.isEmpty() || forwardedFor == null || !trusted(remote)) {
            return remote;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (parse(hop) == null) {
                return remote;
            }
            if (!trusted(hop)) {
                return hop;
            }
        }
        return remote;
    }

    private boolean trusted(String address) {
        byte[] bytes = parse(address);
        return bytes != null && ranges.stream().anyMatch(r -> r.contains(bytes));
    }

    private static Range range(String entry) {
        String[] parts = entry.strip().split("/", 2);
        byte[] network = parse(parts[0]);
        if (network == null) {
            throw new ValidationException("STATUS_TRUSTED_PROXIES", "'" + entry + "' is not an IP address or CIDR range");
        }
        int bits = network.length * 8;
        int prefix = bits;
        if (parts.length == 2) {
            try {
                prefix = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new ValidationException("STATUS_TRUSTED_PROXIES", "'" + entry + "' has a bad prefix length (0 to " + bits + ")");
            }
        }
        return new Range(network, prefix);
    }

    /** The bytes of a literal address, never a DNS lookup; null when it is not one. */
    private static byte[] parse(String literal) {
        String address = literal.startsWith("[") && literal.endsWith("]") ? literal.substring(1, literal.length() - 1) : literal;
        if (!LITERAL.matcher(address).matches() || !address.contains(":") && !IPV4.matcher(address).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
