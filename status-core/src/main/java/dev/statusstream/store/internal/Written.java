package dev.statusstream.store.internal;

/**
 * What a write did, for the change log: the changed resource, the change type
 * ({@code service.status}), its subject (service id or incident slug) and the data to log.
 */
public record Written<T>(T value, String type, String subject, Object data) {
}
