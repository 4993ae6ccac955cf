package dev.statusstream.store.internal;

import dev.statusstream.ChangeType;

/**
 * What a write did, for the change log: the changed resource, the change type
 * ({@link ChangeType}), its subject (service id or incident slug) and the data to log.
 */
public record Written<T>(T value, ChangeType type, String subject, Object data) {
}
