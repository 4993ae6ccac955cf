package dev.statusstream;

/**
 * A registered {@link SnapshotListener} or {@link ChangeListener}; close it to stop the calls.
 * Thread-safe; closing twice does nothing.
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    /** Stops the calls; one already under way may still finish. */
    @Override
    void close();
}
