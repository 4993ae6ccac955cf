/**
 * Prometheus metrics of the server: streams, following, HTTP.
 */
package dev.statusstream.server.metrics;
