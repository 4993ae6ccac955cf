package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What {@link StatusStream#publish()} did with the current snapshot. PostgreSQL always announced the
 * version (a {@code NOTIFY} every node listens to, so a node that missed the change reloads it); Redis
 * had the snapshot put in its cache and on its channel only when it is configured and answered.
 * Immutable and thread-safe.
 *
 * @param version    the version announced
 * @param redis      what happened on Redis
 * @param redisError why Redis failed, when {@code redis} is {@link Redis#FAILED}; otherwise null
 */
public record Publication(long version, Redis redis, String redisError) {

    /** What a publish did on Redis. Immutable and thread-safe. */
    public enum Redis {
        /** This instance has no Redis: PostgreSQL's announcement is the only one. */
        NOT_CONFIGURED("notConfigured"),
        /** The snapshot is in the Redis cache and was published on the channel. */
        PUBLISHED("published"),
        /** Redis did not take it (see {@link Publication#redisError()}); PostgreSQL's announcement still went out. */
        FAILED("failed");

        private final String wireName;

        Redis(String wireName) {
            this.wireName = wireName;
        }

        /**
         * The name used on the wire.
         *
         * @return e.g. {@code "notConfigured"}
         */
        @JsonValue
        public String wireName() {
            return wireName;
        }

        /**
         * Parses a wire name.
         *
         * @param value the wire name, e.g. {@code "published"}
         * @return the matching constant
         * @throws ValidationException when {@code value} is none of them
         */
        @JsonCreator
        public static Redis parse(String value) {
            for (Redis redis : values()) {
                if (redis.wireName.equals(value)) {
                    return redis;
                }
            }
            throw new ValidationException("redis", "unknown outcome '" + value + "' (expected notConfigured, published or failed)");
        }

        @Override
        public String toString() {
            return wireName;
        }
    }

    /**
     * Checks that a failure says why.
     *
     * @throws ValidationException when {@code redis} is null, or {@code redisError} is missing for a
     *                             failure or present otherwise
     */
    public Publication {
        if (redis == null) {
            throw new ValidationException("redis", "is required");
        }
        if ((redis == Redis.FAILED) != (redisError != null)) {
            throw new ValidationException("redisError", "is given exactly when Redis failed");
        }
    }
}
