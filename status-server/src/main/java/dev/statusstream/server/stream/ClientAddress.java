package dev.statusstream.server.stream;

import java.util.Enumeration;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The address a stream is counted against for the per-address limit. By default the socket's peer:
 * {@code X-Forwarded-For} is trivially forged, so it is read only when the peer is one of the
 * configured trusted proxies, and then the rightmost address in it that is not itself a trusted
 * proxy is the client. Immutable.
 */
public final class ClientAddress {
    /** An IPv4 or IPv6 literal (never a name: nothing here may cause a DNS lookup). */
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final Set<String> trustedProxies;

    public ClientAddress(Set<String> trustedProxies) {
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    /** The client behind {@code peer}, given the request's {@code X-Forwarded-For} headers. */
    String of(String peer, Enumeration<String> forwardedFor) {
        if (trustedProxies.isEmpty() || !trustedProxies.contains(peer) || forwardedFor == null) {
            return peer;
        }
        StringBuilder joined = new StringBuilder();
        while (forwardedFor.hasMoreElements()) {
            joined.append(joined.isEmpty() ? "" : ",").append(forwardedFor.nextElement());
        }
        String[] hops = joined.toString().split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!LITERAL.matcher(hop).matches()) {
                return peer;
            }
            if (!trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return peer;
    }
}
