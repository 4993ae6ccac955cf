/**
 * The live stream ({@code /api/status/stream}): the hub that admits clients, resumes them from the
 * change log, fans each snapshot out, sends heartbeats and sweeps stalled clients.
 */
package dev.statusstream.server.stream;
