/**
 * The status page itself: the view, its texts and languages, uptime bars, history pages and assets.
 */
package dev.statusstream.server.page;
