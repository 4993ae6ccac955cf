/**
 * The status server: its {@code Main}, configuration, and the one factory that builds the Javalin
 * application from its parts ({@link dev.statusstream.server.StatusServer}); {@link
 * dev.statusstream.server.StatusRoutes} mounts the same routes into a host application.
 */
package dev.statusstream.server;
