package dev.statusstream.internal;

import dev.statusstream.ValidationException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The guard on every address StatusStream connects to on someone else's behalf (webhooks, chat hooks,
 * checks): a URL whose host resolves to an address inside the machine or its network is refused, so
 * that whoever may add a target cannot make a node call its own admin port, the database, or the
 * cloud's metadata service (server-side request forgery).
 *
 * <p>Refused, after resolving the name (every address it resolves to must pass, and the caller connects
 * only to the addresses this returns): loopback, unspecified ({@code 0.0.0.0}, {@code ::}), private
 * (RFC 1918, IPv6 unique local), shared (100.64/10, where some clouds keep their metadata service),
 * link-local (169.254/16 with the usual metadata address 169.254.169.254, fe80::/10), multicast,
 * broadcast and reserved ranges, documentation and benchmarking ranges, IPv4-mapped IPv6 literals, and
 * IPv6 forms that embed an IPv4 address (IPv4-compatible, NAT64, 6to4) whose IPv4 address is refused.
 * {@code STATUS_ALLOW_PRIVATE_TARGETS=true} turns the guard off, for tests and private networks.
 *
 * <p>Immutable and thread-safe (as thread-safe as its {@link Resolver}).
 */
public final class TargetAddresses {

    /** Turns a host name into its addresses; the system resolver unless a test gives its own. */
    @FunctionalInterface
    public interface Resolver {
        /**
         * Every address of {@code host}.
         *
         * @param host a name or literal address
         * @return its addresses, at least one
         * @throws UnknownHostException when the name does not resolve
         */
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Ranges no target may be in: address, prefix length. */
    private static final List<Range> REFUSED = List.of(
            Range.of("0.0.0.0", 8), // "this network", including the unspecified address
            Range.of("10.0.0.0", 8),
            Range.of("100.64.0.0", 10), // shared address space (carrier NAT; Alibaba's metadata 100.100.100.200)
            Range.of("127.0.0.0", 8),
            Range.of("169.254.0.0", 16), // link-local, with the cloud metadata address 169.254.169.254
            Range.of("172.16.0.0", 12),
            Range.of("192.0.0.0", 24),
            Range.of("192.0.2.0", 24),
            Range.of("192.88.99.0", 24),
            Range.of("192.168.0.0", 16),
            Range.of("198.18.0.0", 15),
            Range.of("198.51.100.0", 24),
            Range.of("203.0.113.0", 24),
            Range.of("224.0.0.0", 4), // multicast
            Range.of("240.0.0.0", 4), // reserved, with the broadcast address
            Range.of("::", 128),
            Range.of("::1", 128),
            Range.of("100::", 64), // discard
            Range.of("2001:db8::", 32),
            Range.of("fc00::", 7), // unique local, with AWS's IPv6 metadata address fd00:ec2::254
            Range.of("fe80::", 10),
            Range.of("fec0::", 10),
            Range.of("ff00::", 8));

    private final boolean allowPrivate;
    private final Resolver resolver;

    /**
     * A guard.
     *
     * @param allowPrivate true to let every address through ({@code STATUS_ALLOW_PRIVATE_TARGETS})
     * @param resolver     how names are resolved
     */
    public TargetAddresses(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /**
     * A guard that resolves names with the system's resolver.
     *
     * @param allowPrivate true to let every address through
     * @return the guard
     */
    public static TargetAddresses of(boolean allowPrivate) {
        return new TargetAddresses(allowPrivate, InetAddress::getAllByName);
    }

    /**
     * Whether this guard lets private addresses through.
     *
     * @return the value of {@code STATUS_ALLOW_PRIVATE_TARGETS}
     */
    public boolean allowsPrivate() {
        return allowPrivate;
    }

    /**
     * Checks an {@code http} or {@code https} URL and resolves its host.
     *
     * @param field what to name in the error, e.g. {@code url}
     * @param url   the URL as given
     * @return the addresses of its host, every one allowed
     * @throws ValidationException naming {@code field} when the URL is malformed, its host does not
     *                             resolve, or any of its addresses is refused
     */
    public List<InetAddress> check(String field, String url) {
        return resolve(field, parse(field, url).getHost());
    }

    /**
     * Parses an {@code http} or {@code https} URL without resolving it: absolute, with a host, no user
     * information (a password in a URL ends up in logs), at most 2000 characters.
     *
     * @param field what to name in the error
     * @param url   the URL as given
     * @return the parsed URL
     * @throws ValidationException naming {@code field} when it is none of that
     */
    public static URI parse(String field, String url) {
        if (url == null || url.isBlank()) {
            throw new ValidationException(field, "is required");
        }
        if (url.length() > 2000) {
            throw new ValidationException(field, "must be at most 2000 characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new ValidationException(field, "is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ValidationException(field, "must be an http:// or https:// URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ValidationException(field, "has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new ValidationException(field, "must not hold a user name or password");
        }
        return uri;
    }

    /**
     * Resolves a host and checks every address it has.
     *
     * @param field what to name in the error
     * @param host  a name, an IPv4 literal, or an IPv6 literal with or without brackets
     * @return its addresses, every one allowed
     * @throws ValidationException naming {@code field} when the host does not resolve or any address is refused
     */
    public List<InetAddress> resolve(String field, String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw new ValidationException(field, "host '" + bare + "' does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw new ValidationException(field, "host '" + bare + "' does not resolve");
        }
        if (allowPrivate) {
            return List.of(addresses);
        }
        // the JDK reads an IPv4-mapped literal (::ffff:127.0.0.1) as the IPv4 address it maps
        if (bare.contains(":") && addresses.length == 1 && addresses[0] instanceof Inet4Address) {
            throw new ValidationException(field, "'" + bare + "' is an IPv4-mapped address; write the IPv4 address");
        }
        for (InetAddress address : addresses) {
            if (isRefused(address)) {
                throw new ValidationException(field, "'" + bare + "' resolves to " + address.getHostAddress()
                        + ", a private, loopback, link-local or reserved address (set STATUS_ALLOW_PRIVATE_TARGETS=true to allow it)");
            }
        }
        return List.of(addresses);
    }

    /**
     * Whether an address is one no target may have, whatever the setting.
     *
     * @param address any address
     * @return true for loopback, private, link-local, unspecified, multicast, reserved and documentation
     *         addresses, and IPv6 addresses embedding a refused IPv4 address
     */
    public static boolean isRefused(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        for (Range range : REFUSED) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        if (address instanceof Inet6Address) {
            byte[] embedded = embeddedIpv4(bytes);
            if (embedded != null) {
                try {
                    return isRefused(InetAddress.getByAddress(embedded));
                } catch (UnknownHostException e) {
                    return true; // cannot happen for four bytes
                }
            }
        }
        return false;
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
    private static byte[] embeddedIpv4(byte[] v6) {
        boolean zeros80 = allZero(v6, 0, 10);
        if (zeros80 && ((v6[10] == (byte) 0xff && v6[11] == (byte) 0xff) || (v6[10] == 0 && v6[11] == 0))) {
            return Arrays.copyOfRange(v6, 12, 16);
        }
        if (v6[0] == 0 && v6[1] == 0x64 && v6[2] == (byte) 0xff && v6[3] == (byte) 0x9b && allZero(v6, 4, 12)) {
            return Arrays.copyOfRange(v6, 12, 16);
        }
        if (v6[0] == 0x20 && v6[1] == 0x02) {
            return Arrays.copyOfRange(v6, 2, 6);
        }
        return null;
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** A block of addresses of one family. */
    private record Range(byte[] network, int prefix) {
        static Range of(String literal, int prefix) {
            try {
                return new Range(InetAddress.getByName(literal).getAddress(), prefix);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(literal, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
