/**
 * How snapshots and the changes behind them travel between the processes serving one page: the
 * {@link dev.statusstream.bus.internal.SnapshotBus} seam, its Redis implementation (connections, the
 * snapshot key, the channel's message format) and the bus of a process without Redis.
 * Not API: nothing here is part of the library's public interface, and it may change in any release.
 */
package dev.statusstream.bus.internal;
