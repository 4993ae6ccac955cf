/**
 * The channels this server delivers notifications through: signed webhooks in Statuspage's shape, Slack
 * and Discord hooks, each behind the outbound-address guard.
 */
package dev.statusstream.server.notify;
