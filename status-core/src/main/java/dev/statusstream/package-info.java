/**
 * The StatusStream library: the entry point {@link dev.statusstream.StatusStream}, the domain values
 * (services, incidents, snapshots, change events), the write operations ({@link dev.statusstream.Operation}
 * and its records), configuration and the exception family. Everything public here is API; the
 * {@code internal} packages below are not.
 */
package dev.statusstream;
