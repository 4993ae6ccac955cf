/**
 * The Atom and RSS feeds of incidents and maintenance.
 */
package dev.statusstream.server.api.feed;
