/**
 * What {@link dev.statusstream.StatusStream} delegates to: wires the database, the write handlers, the bus
 * and the follower, and publishes every commit.
 * Not API: nothing here is part of the library's public interface, and it may change in any release.
 */
package dev.statusstream.engine.internal;
