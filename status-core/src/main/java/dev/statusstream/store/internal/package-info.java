/**
 * The PostgreSQL side: migrations, write transactions that take a version and log the change, the
 * repositories with their SQL, the write rules (handlers) and the snapshot builder.
 * Not API: nothing here is part of the library's public interface, and it may change in any release.
 */
package dev.statusstream.store.internal;
