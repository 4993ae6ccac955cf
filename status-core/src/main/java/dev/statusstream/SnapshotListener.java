package dev.statusstream;

/**
 * Receives every new snapshot, in version order, each version at most once: the fast path for
 * consumers that only need the latest state, such as a live page.
 *
 * <p>Thread-safety: called on StatusStream's single sync thread, never concurrently. Keep it quick and
 * never block: the sync thread applies every change, so a slow listener delays all of them (hand slow
 * work to your own executor). An exception thrown here is logged and does not stop delivery to other
 * listeners. A consumer that needs the individual changes behind a jump in versions (after a reconnect,
 * say) uses a {@link ChangeListener} instead.
 */
@FunctionalInterface
public interface SnapshotListener {
    /**
     * Called with each snapshot newer than the last one.
     *
     * @param snapshot the newest snapshot
     */
    void onSnapshot(Snapshot snapshot);
}
