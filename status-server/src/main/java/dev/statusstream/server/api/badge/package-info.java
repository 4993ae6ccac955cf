/**
 * The SVG status badge.
 */
package dev.statusstream.server.api.badge;
