package dev.statusstream;

/**
 * The result of a committed write: the version it created and the changed resource.
 *
 * <p>Immutable and thread-safe if {@code value} is.
 *
 * @param <T>     the type of the resource
 * @param version the global version of this change; the snapshot carrying it has at least this version
 * @param value   the created or changed resource (null for a deletion)
 */
public record Change<T>(long version, T value) {
}
