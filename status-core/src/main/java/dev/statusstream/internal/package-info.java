/**
 * Helpers shared across the library and its executables: the JSON mapper, database URLs, and the files
 * a local server leaves for the CLI.
 * Not API: nothing here is part of the library's public interface, and it may change in any release.
 */
package dev.statusstream.internal;
