/**
 * Who may do what: bearer tokens for the admin API, the stream's origin policy, trusted proxies.
 */
package dev.statusstream.server.security;
