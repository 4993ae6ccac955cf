package dev.statusstream;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link ChangeListener} is given: a newer snapshot and the committed changes between the
 * previous snapshot the listener saw and this one.
 *
 * <p>Immutable and thread-safe. Every version has exactly one change, so the changes are complete when
 * there is one for each version in {@code (previousVersion, version()]}. They are not complete when more
 * than {@value #MAX_CHANGES} versions were skipped or PostgreSQL could not be read; then
 * {@link #complete()} is false, {@code changes} is empty, and the snapshot is the whole truth (as it
 * always is: it holds every service and every incident that matters now).
 *
 * @param previousVersion the version of the last snapshot this listener saw, or the version it
 *                        subscribed at
 * @param snapshot        the new snapshot
 * @param changes         the changes after {@code previousVersion} up to the snapshot's version, oldest
 *                        first
 */
public record SnapshotChange(long previousVersion, Snapshot snapshot, List<ChangeEvent> changes) {
    /** The most changes one delivery carries; beyond it only the snapshot is given. */
    public static final int MAX_CHANGES = 1000;

    /**
     * Checks the fields.
     *
     * @throws ValidationException when the snapshot is not newer than {@code previousVersion}
     */
    public SnapshotChange {
        Objects.requireNonNull(snapshot, "snapshot");
        if (snapshot.version() <= previousVersion) {
            throw new ValidationException("snapshot", "version " + snapshot.version()
                    + " is not newer than the previous version " + previousVersion);
        }
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /**
     * The version of the new snapshot.
     *
     * @return {@code snapshot().version()}
     */
    public long version() {
        return snapshot.version();
    }

    /**
     * Whether {@link #changes()} holds every change between the two versions.
     *
     * @return true when there is one change for each version after {@code previousVersion} up to
     *         {@link #version()}, in order
     */
    public boolean complete() {
        if (changes.size() != version() - previousVersion) {
            return false;
        }
        long expected = previousVersion + 1;
        for (ChangeEvent change : changes) {
            if (change.version() != expected++) {
                return false;
            }
        }
        return true;
    }
}
