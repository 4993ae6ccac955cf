package dev.statusstream.notify.internal;

import java.time.Instant;

/** A delivery this node holds the lease of, as the claim returned it. */
record Claimed(String id, long notificationId, String subscriberId, int attempt, Instant createdAt) {
}
