/**
 * The {@code status} command-line tool: picocli commands that build the library's operations, carried
 * out directly through the library or sent to a server's admin API.
 */
package dev.statusstream.cli;
