package dev.statusstream.testing;

import dev.statusstream.internal.TargetAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/** Resolvers for the outbound guard that stand in for DNS: names no real DNS knows, answers that change. */
public final class FakeDns {
    public static final byte[] LOOPBACK = {127, 0, 0, 1};
    /** A public address (example.com's); nothing in a test connects to it. */
    public static final byte[] PUBLIC = {93, (byte) 184, (byte) 215, 14};
    public static final byte[] METADATA = {(byte) 169, (byte) 254, (byte) 169, (byte) 254};

    private FakeDns() {
    }

    /** Knows only {@code name}, at {@code address}: a client that connects there took its address from the guard. */
    public static TargetAddresses.Resolver only(String name, byte[] address) {
        return host -> {
            if (!host.equals(name)) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByAddress(host, address)};
        };
    }

    /**
     * DNS rebinding: the first answer (when a target is added) is public, every later one is {@code later};
     * {@code lookups} counts the answers.
     */
    public static TargetAddresses.Resolver rebinding(AtomicInteger lookups, byte[] later) {
        return host -> new InetAddress[] {InetAddress.getByAddress(host, lookups.getAndIncrement() == 0 ? PUBLIC : later)};
    }
}
