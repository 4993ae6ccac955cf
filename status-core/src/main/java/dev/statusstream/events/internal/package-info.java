/**
 * Following changes made anywhere: the Redis channel, PostgreSQL notifications and the periodic version
 * check feed one follower, which keeps the newest snapshot and recent changes and calls listeners.
 * Not API: nothing here is part of the library's public interface, and it may change in any release.
 */
package dev.statusstream.events.internal;
