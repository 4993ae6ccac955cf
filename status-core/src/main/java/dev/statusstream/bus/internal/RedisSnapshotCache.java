package dev.statusstream.bus.internal;

import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The latest snapshot in Redis under one key, as the same JSON that is published. A newer snapshot
 * replaces an older one, never the reverse (the compare runs atomically in Redis); every write
 * refreshes the time to live. Thread-safe.
 */
public final class RedisSnapshotCache {
    private static final String PUT_IF_NEWER = """
            local current = redis.call('GET', KEYS[1])
            if current then
              local ok, decoded = pcall(cjson.decode, current)
              if ok and type(decoded) == 'table' and tonumber(decoded.version)
                 and tonumber(decoded.version) > tonumber(ARGV[2]) then
                return 0
              end
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
            return 1""";

    private final RedisConnections redis;
    private final String key;
    private final Duration ttl;

    public RedisSnapshotCache(RedisConnections redis, String key, Duration ttl) {
        this.redis = redis;
        this.key = key;
        this.ttl = ttl;
    }

    /** Stores {@code json} (the snapshot at {@code version}) unless Redis holds a newer one. */
    public CompletionStage<Boolean> put(String json, long version) {
        return redis.async().<Long>eval(PUT_IF_NEWER, ScriptOutputType.INTEGER, new String[] {key},
                json, Long.toString(version), Long.toString(ttl.toMillis()))
                .thenApply(stored -> stored == 1L);
    }

    /** The cached JSON, or null when the key is absent or expired. */
    public CompletionStage<String> get() {
        return redis.async().get(key);
    }

}
