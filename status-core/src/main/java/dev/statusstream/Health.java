package dev.statusstream;

/**
 * Whether StatusStream's dependencies answer right now. Immutable and thread-safe.
 *
 * @param database      PostgreSQL answered a query within the timeout
 * @param databaseError why not, or null
 * @param redis         {@code up}, {@code down}, or {@code disabled} (running without Redis)
 * @param redisError    why Redis is down, or null
 * @param version       the version this process serves while following, -1 when it does not follow
 */
public record Health(boolean database, String databaseError, String redis, String redisError, long version) {
    /**
     * Whether this process can serve and write: Redis being down only degrades cross-node delivery.
     *
     * @return true when PostgreSQL is reachable
     */
    public boolean ready() {
        return database;
    }
}
