/**
 * The operator console at {@code /admin}: server-rendered pages behind a session cookie, each form a CSRF-checked
 * POST that runs one operation as the signed-in operator.
 */
package dev.statusstream.server.console;
