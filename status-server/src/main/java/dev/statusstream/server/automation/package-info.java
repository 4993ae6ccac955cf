/** Automation's public routes: heartbeat pings and alerts from monitoring tools. */
package dev.statusstream.server.automation;
