package dev.statusstream;

/**
 * Receives every new snapshot, in version order, each version at most once.
 *
 * <p>Called on StatusStream's single sync thread: keep it quick and never block (hand slow work to
 * your own executor). An exception thrown here is logged and does not stop delivery to other
 * listeners. A listener that needs the individual changes behind a jump in versions (after a
 * reconnect, say) asks {@link StatusStream#changesSince(long, int)}.
 */
@FunctionalInterface
public interface SnapshotListener {
    void onSnapshot(Snapshot snapshot);
}
