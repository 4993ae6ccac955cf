/**
 * The stream benchmark: starts or targets a server, opens many SSE connections in child processes
 * (shards), publishes changes through the admin API, and reports delivery latency, CPU and memory next
 * to the same run against nginx with nchan.
 */
package dev.statusstream.bench;
