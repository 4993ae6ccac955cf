/**
 * Telling subscribers: the outbox written in each change's transaction, the subscribers' rows, and the
 * delivery worker that claims due deliveries on any node and hands them to channels.
 * Not API: nothing here is part of the library's public interface, and it may change in any release.
 */
package dev.statusstream.notify.internal;
