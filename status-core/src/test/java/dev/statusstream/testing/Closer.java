package dev.statusstream.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * What a test opened, closed newest first: every one is closed even when an earlier close fails, and
 * the first failure is thrown with the others suppressed. Not thread-safe.
 */
public final class Closer implements AutoCloseable {
    private final List<AutoCloseable> open = new ArrayList<>();

    /** Keeps {@code resource} to close it later, and returns it. */
    public <T extends AutoCloseable> T add(T resource) {
        open.add(resource);
        return resource;
    }

    /** Keeps each of {@code resources}. */
    public void addAll(List<? extends AutoCloseable> resources) {
        open.addAll(resources);
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (AutoCloseable resource : open.reversed()) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        open.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** Closes everything after {@code cause} stopped a setup half-way, adding any failure to it. */
    public void closeAfter(Throwable cause) {
        try {
            close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }
}
