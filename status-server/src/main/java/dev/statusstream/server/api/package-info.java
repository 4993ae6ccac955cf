/**
 * The public read API: the snapshot, history, health, CORS and caching headers, and the one place that
 * maps the library's exceptions to HTTP statuses.
 */
package dev.statusstream.server.api;
