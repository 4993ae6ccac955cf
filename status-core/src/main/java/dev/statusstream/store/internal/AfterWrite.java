package dev.statusstream.store.internal;

import dev.statusstream.ChangeEvent;
import dev.statusstream.Snapshot;
import org.jdbi.v3.core.Handle;

/**
 * Work that belongs to every write's own transaction, after the change and its snapshot: the outbox of
 * notifications. Whatever it writes commits with the change or not at all.
 */
@FunctionalInterface
public interface AfterWrite {
    /** Nothing more to write. */
    AfterWrite NOTHING = (h, event, value, snapshot) -> {
    };

    /**
     * Called inside the write's transaction; throwing rolls the write back.
     *
     * @param value what the write returned (the incident, the service, ...)
     */
    void written(Handle h, ChangeEvent event, Object value, Snapshot snapshot);
}
