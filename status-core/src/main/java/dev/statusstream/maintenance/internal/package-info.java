/**
 * Moving maintenance windows along at their start and end times, exactly once across nodes.
 * Not API: nothing here is part of the library's public interface, and it may change in any release.
 */
package dev.statusstream.maintenance.internal;
