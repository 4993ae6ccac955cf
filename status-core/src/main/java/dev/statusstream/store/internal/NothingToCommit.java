package dev.statusstream.store.internal;

import dev.statusstream.StatusException;

/**
 * Thrown inside a write when, under the version lock, it turns out there is nothing to do (another
 * node got there first): the transaction rolls back and takes no version.
 */
public final class NothingToCommit extends StatusException {
    public NothingToCommit(String reason) {
        super(reason);
    }
}
