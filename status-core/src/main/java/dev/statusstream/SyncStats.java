package dev.statusstream;

/**
 * Counters of how this process has followed changes since it started. A point-in-time copy: immutable
 * and thread-safe.
 *
 * @param applied            snapshots that moved this process to a newer version
 * @param messagesReceived   messages read from the Redis channel
 * @param messagesInvalid    of those, not a valid snapshot, or at a version PostgreSQL has not reached (ignored)
 * @param messagesStale      of those, older than or equal to what this process already had (ignored)
 * @param redisReconnects    times the Redis subscription came back after a loss
 * @param resyncs            times this process found PostgreSQL ahead and reloaded from it
 * @param publishFailures    snapshots this process could not publish or cache in Redis
 * @param changeLogReads     reads of PostgreSQL's change log for changes behind a newer snapshot (a Redis
 *                           message carries them; only a message from an older node, a missed one, a
 *                           reload or a client resuming from far back needs a read)
 */
public record SyncStats(long applied, long messagesReceived, long messagesInvalid, long messagesStale,
        long redisReconnects, long resyncs, long publishFailures, long changeLogReads) {

    /**
     * Counters without the change-log reads, as before they were counted.
     *
     * @param applied          snapshots that moved this process to a newer version
     * @param messagesReceived messages read from the Redis channel
     * @param messagesInvalid  of those, not valid or not confirmed
     * @param messagesStale    of those, not newer than what this process had
     * @param redisReconnects  times the Redis subscription came back
     * @param resyncs          times this process reloaded from PostgreSQL
     * @param publishFailures  snapshots this process could not publish or cache in Redis
     */
    public SyncStats(long applied, long messagesReceived, long messagesInvalid, long messagesStale,
            long redisReconnects, long resyncs, long publishFailures) {
        this(applied, messagesReceived, messagesInvalid, messagesStale, redisReconnects, resyncs, publishFailures, 0);
    }
}
