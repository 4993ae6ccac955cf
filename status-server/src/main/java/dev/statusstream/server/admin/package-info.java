/**
 * The admin API behind bearer tokens: one generic route per write operation, and the reads an operator
 * needs.
 */
package dev.statusstream.server.admin;
