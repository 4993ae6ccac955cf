package dev.statusstream.bus.internal;

import dev.statusstream.Publication;
import dev.statusstream.Snapshot;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus over Redis: each snapshot goes into a key (newer replaces older, with a time to live) and
 * onto a channel, as one {@link SnapshotMessage} with the changes behind it. Redis may be down at
 * start or go away at any time: publishing then fails fast and is counted, and the copy in Redis is
 * repaired once Redis answers again. Thread-safe.
 */
public final class RedisSnapshotBus implements SnapshotBus {
    private static final Logger log = LoggerFactory.getLogger(RedisSnapshotBus.class);
    /** How long a process waits for a change's Redis message after PostgreSQL's notification of it. */
    private static final Duration MESSAGE_GRACE = Duration.ofMillis(500);

    private final RedisConnections redis;
    private final RedisSnapshotCache cache;
    private final String channel;
    private final Duration timeout;
    private final Duration ttl;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong publishFailures = new AtomicLong();
    /** Redis's key or channel may lack this process's newest snapshot (a publish failed, or Redis came back). */
    private volatile boolean behind;
    private volatile Supplier<Snapshot> newest;

    /**
     * @param client    a client the host application owns, or null to create one from {@code url}
     * @param scheduler runs reconnect attempts and, once {@link #keepFresh} is called, the cache upkeep
     */
    public RedisSnapshotBus(RedisClient client, String url, String channel, String cacheKey, Duration ttl, Duration timeout,
            ScheduledExecutorService scheduler) {
        RedisClient used = client != null ? client : RedisConnections.createClient(url, timeout);
        this.redis = new RedisConnections(used, client == null, channel, scheduler);
        this.cache = new RedisSnapshotCache(redis, cacheKey, ttl);
        this.channel = channel;
        this.timeout = timeout;
        this.ttl = ttl;
        this.scheduler = scheduler;
    }

    @Override
    public void start(Runnable onReconnected) {
        redis.start(onReconnected);
    }

    @Override
    public void subscribe(Consumer<String> onMessage) {
        redis.subscribe(onMessage);
    }

    /**
     * Refreshes the key at a third of its time to live (a process started while PostgreSQL is down
     * has only the key to serve), and every second checks whether a repair is due.
     */
    @Override
    public void keepFresh(Supplier<Snapshot> newest) {
        this.newest = newest;
        long every = Math.max(1000, ttl.toMillis() / 3);
        scheduler.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::repair, 1, 1, TimeUnit.SECONDS);
    }

    private void refresh() {
        Snapshot current = newest.get();
        if (current.version() == 0 || !redis.isUp()) {
            return;
        }
        try {
            cache.put(current.toJson(), current.version());
        } catch (RuntimeException e) {
            log.debug("refreshing the cached snapshot: {}", e.getMessage());
        }
    }

    @Override
    public Publication publish(EncodedSnapshot encoded) {
        Snapshot snapshot = encoded.snapshot();
        String failure;
        try {
            send(encoded).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Publication(snapshot.version(), Publication.Redis.PUBLISHED, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = failed(snapshot, e);
        } catch (Exception e) {
            failure = failed(snapshot, e);
        }
        return new Publication(snapshot.version(), Publication.Redis.FAILED, failure);
    }

    /** The key and the channel, written together; fails at once when Redis is not connected. */
    private CompletableFuture<Void> send(EncodedSnapshot encoded) {
        CompletableFuture<Boolean> cached = cache.put(encoded.json(), encoded.snapshot().version()).toCompletableFuture();
        CompletableFuture<Long> published = redis.async().publish(channel, encoded.message()).toCompletableFuture();
        return CompletableFuture.allOf(cached, published);
    }

    @Override
    public void republish(Snapshot newest) {
        behind = true;
        repair(newest);
    }

    private void repair() {
        repair(newest.get());
    }

    /**
     * Publishes {@code snapshot} when Redis may lack it and answers: a restarted Redis has an empty
     * key, and the two connections come back in no fixed order, so the first attempt after a reconnect
     * can fail. A failure sets the flag again, for the next check.
     */
    private void repair(Snapshot snapshot) {
        if (!behind || !redis.isUp()) {
            return;
        }
        behind = false;
        try {
            send(EncodedSnapshot.of(snapshot, List.of())).exceptionally(e -> {
                failed(snapshot, e);
                return null;
            });
        } catch (RuntimeException e) {
            failed(snapshot, e);
        }
    }

    private String failed(Snapshot snapshot, Throwable e) {
        publishFailures.incrementAndGet();
        behind = true;
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        log.warn("version {} is committed but could not be published to Redis ({}); other nodes will load it from PostgreSQL",
                snapshot.version(), reason);
        return reason;
    }

    @Override
    public Optional<Snapshot> stored() {
        if (!redis.isUp()) {
            return Optional.empty();
        }
        try {
            String json = cache.get().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return json == null ? Optional.empty() : Optional.of(Snapshot.fromJson(json));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            log.warn("cannot read the cached snapshot from Redis: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** While Redis is down no message will come: reload at once. */
    @Override
    public Duration messageGrace() {
        return redis.isUp() ? MESSAGE_GRACE : Duration.ZERO;
    }

    /** A {@code PING}, waiting at most the shorter of {@code timeout} and the Redis timeout. */
    @Override
    public State check(Duration timeout) {
        String error = redis.ping(timeout.compareTo(this.timeout) < 0 ? timeout : this.timeout);
        return error == null ? State.UP : State.down(error);
    }

    @Override
    public long reconnects() {
        return redis.reconnects();
    }

    @Override
    public long publishFailures() {
        return publishFailures.get();
    }

    @Override
    public void close() {
        redis.close();
    }
}
