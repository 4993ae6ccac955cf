package dev.statusstream.server;

import java.lang.management.ManagementFactory;

/** The process's open-file descriptors, where the JVM can tell (Unix). */
public final class OpenFiles {
    private OpenFiles() {
    }

    /** The most files this process may open; a large number where unknown. */
    public static long limit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return 1_000_000;
    }

    /** Files open now, or -1 where unknown. */
    public static long open() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getOpenFileDescriptorCount();
        }
        return -1;
    }
}
