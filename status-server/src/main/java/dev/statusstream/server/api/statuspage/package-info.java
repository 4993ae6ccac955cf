/**
 * The Statuspage-compatible {@code /api/v2} read API.
 */
package dev.statusstream.server.api.statuspage;
