package dev.statusstream.store.internal;

import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * The context of one write transaction: its handle, the version it will commit as, and its clock
 * reading (every timestamp the write stores is this one).
 */
public record WriteTx(Handle handle, long version, Instant now) {
}
