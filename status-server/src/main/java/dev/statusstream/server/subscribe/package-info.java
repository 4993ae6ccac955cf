/**
 * Email subscription from the public side: the page's form and {@code POST /api/subscriptions}, the
 * confirmation and unsubscribe links (pages whose button POSTs, and the one-click unsubscribe), the
 * confirmation mails, and the limits per client address. Present only when mail is configured.
 */
package dev.statusstream.server.subscribe;
