package dev.statusstream.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling for a condition with a deadline; the failure names what was awaited. */
public final class Waiting {
    private Waiting() {
    }

    /** Waits until {@code condition} holds; returns the nanoseconds it took. */
    public static long until(Duration timeout, String what, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        return System.nanoTime() - start;
    }
}
