package dev.statusstream.bus.internal;

import dev.statusstream.UnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.event.connection.DisconnectedEvent;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * This process's two Redis connections: one for commands (publish, cache) and one subscription to
 * the snapshot channel. Connects in the background until Redis answers, so a process can start while
 * Redis is down; after that Lettuce reconnects and resubscribes by itself, and every renewed
 * subscription is reported so the caller can resynchronise. Thread-safe.
 */
public final class RedisConnections implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisConnections.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    /**
     * Lettuce's default back-off grows to 30 s, so a Redis that came back after a 20 s outage was
     * found up to 15 s late: no fan-out, no cache and no resync until then. Retrying at most every
     * second (jittered, so nodes do not arrive in step) costs a refused connection per second.
     */
    private static final Delay RECONNECT_DELAY = Delay.equalJitter(Duration.ofMillis(100), RETRY, 100, TimeUnit.MILLISECONDS);

    private final RedisClient client;
    private final boolean ownsClient;
    private final String channel;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile StatefulRedisConnection<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> subscription;
    private volatile String lastError = "not connected yet";
    private volatile Disposable events;
    private volatile boolean subscribedOnce;
    private volatile Runnable onReconnected = () -> {
    };
    private final AtomicLong reconnects = new AtomicLong();

    public RedisConnections(RedisClient client, boolean ownsClient, String channel, ScheduledExecutorService scheduler) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.channel = channel;
        this.scheduler = scheduler;
    }

    /**
     * A client with the options StatusStream relies on: reject commands while disconnected, bounded
     * timeouts, and reconnect attempts at most a second apart. Its resources are its own: {@link #close()}
     * shuts them down when this instance owns the client.
     * <p>
     * {@code timeout} bounds every step of a connection, not only its commands. A hung Redis (paused,
     * or a frozen host) still accepts TCP, since the kernel completes the handshake; what then waits is
     * Lettuce's own handshake ({@code HELLO}, {@code SELECT}), bounded by the URI's timeout, which is a
     * minute by default: a process started then would block that long before carrying on without Redis.
     */
    public static RedisClient createClient(String url, Duration timeout) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(timeout);
        ClientResources resources = ClientResources.builder().reconnectDelay(RECONNECT_DELAY).build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
                .build());
        return client;
    }

    /**
     * Connects the command connection, now or in the background until Redis answers.
     * {@code onReconnected} runs (on a Lettuce or scheduler thread: do not block) when a connection that
     * failed at start finally succeeds, and whenever the subscription is live again after a loss.
     */
    public void start(Runnable onReconnected) {
        this.onReconnected = onReconnected;
        events = client.getResources().eventBus().get().subscribe(event -> {
            if (event instanceof DisconnectedEvent) {
                lastError = "connection lost";
            }
        });
        connectCommands(false);
    }

    /** Subscribes to the channel, now or in the background; {@code onMessage} runs on a Lettuce thread. */
    public void subscribe(Consumer<String> onMessage) {
        connectSubscription(onMessage, false);
    }

    private void connectCommands(boolean retrying) {
        if (closed.get()) {
            return;
        }
        try {
            commands = client.connect();
            lastError = null;
            if (retrying) {
                log.info("Redis is reachable now");
                onReconnected.run();
            }
        } catch (RuntimeException e) {
            failed(e, retrying, () -> connectCommands(true));
        }
    }

    private void connectSubscription(Consumer<String> onMessage, boolean retrying) {
        if (closed.get()) {
            return;
        }
        StatefulRedisPubSubConnection<String, String> pubsub = null;
        try {
            pubsub = client.connectPubSub();
            pubsub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String from, String message) {
                    onMessage.accept(message);
                }

                @Override
                public void subscribed(String to, long count) {
                    resubscribed(to);
                }
            });
            pubsub.sync().subscribe(channel);
            subscription = pubsub;
            log.info("subscribed to Redis channel {}", channel);
            if (retrying) {
                onReconnected.run();
            }
        } catch (RuntimeException e) {
            closeQuietly(pubsub);
            failed(e, retrying, () -> connectSubscription(onMessage, true));
        }
    }

    /**
     * Redis confirmed a subscription. After a lost connection Lettuce subscribes again by itself; only
     * from this confirmation on is nothing published missed, so this (not the reconnect, which comes
     * earlier and in no fixed order between the two connections) is when to catch up.
     */
    private void resubscribed(String to) {
        if (!channel.equals(to)) {
            return;
        }
        if (subscribedOnce) {
            reconnects.incrementAndGet();
            log.info("subscribed to Redis channel {} again", channel);
            onReconnected.run();
        }
        subscribedOnce = true;
    }

    private void failed(RuntimeException e, boolean retrying, Runnable retry) {
        lastError = e.getMessage();
        if (!retrying) {
            log.warn("Redis is not reachable ({}); carrying on without it and retrying every {}s", e.getMessage(),
                    RETRY.toSeconds());
        }
        if (!closed.get()) {
            scheduler.schedule(retry, RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Times the subscription came back after being lost. */
    public long reconnects() {
        return reconnects.get();
    }

    /** The async command API, or an {@link UnavailableException} when Redis is not connected. */
    public RedisAsyncCommands<String, String> async() {
        var connection = commands;
        if (connection == null || !connection.isOpen()) {
            throw new UnavailableException("Redis is not connected: " + lastError, null);
        }
        return connection.async();
    }

    /** True when the command connection is open. */
    public boolean isUp() {
        var connection = commands;
        return connection != null && connection.isOpen();
    }

    /**
     * Asks Redis for a {@code PING}: an open connection to a Redis that hangs (paused, overloaded) is
     * not a working one.
     *
     * @return null when Redis answered within {@code timeout}, else why not
     */
    public String ping(Duration timeout) {
        if (!isUp()) {
            return lastError();
        }
        try {
            async().ping().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (java.util.concurrent.TimeoutException e) {
            return "no answer to PING within " + timeout.toMillis() + " ms";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    /** Why Redis is down, or null. */
    public String lastError() {
        return isUp() ? null : lastError == null ? "not connected" : lastError;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (events != null) {
            events.dispose();
        }
        closeQuietly(subscription);
        closeQuietly(commands);
        if (ownsClient) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            client.getResources().shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            log.debug("closing Redis connection", e);
        }
    }
}
