package dev.statusstream;

/**
 * Receives every change after it subscribed: each newer snapshot together with the committed changes
 * that led to it from the last snapshot this listener was given, including the ones made while Redis
 * messages were lost or this process was reconnecting.
 *
 * <p>Register one with {@link StatusStream#subscribeChanges(ChangeListener)}, or resume from a version
 * your application stored with {@link StatusStream#subscribeChanges(long, ChangeListener)}.
 *
 * <p>Thread-safety: called on StatusStream's one change thread (never concurrently), in increasing
 * version order, each version at most once. When deliveries fall behind (a slow listener holds up the
 * change thread), intermediate snapshots are skipped but changes never are: the next call carries the
 * newest snapshot and every change since the one given last. Keep it quick and hand slow work to your
 * own executor. An exception thrown here is logged and does not stop delivery. Unlike a
 * {@link SnapshotListener}, which is called first, it may wait for a PostgreSQL read of the change
 * log.
 */
@FunctionalInterface
public interface ChangeListener {
    /**
     * Called with each newer snapshot and the changes since the previous one this listener was given.
     *
     * @param change the new snapshot, its version, and the changes that led to it
     */
    void onChange(SnapshotChange change);
}
