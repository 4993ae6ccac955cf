package dev.statusstream.server.metrics;

import com.zaxxer.hikari.HikariDataSource;
import dev.statusstream.DeliveryStats;
import dev.statusstream.Snapshot;
import dev.statusstream.StatusStream;
import dev.statusstream.server.api.PostgresBreaker;
import dev.statusstream.server.api.RenderedCache;
import dev.statusstream.SyncStats;
import dev.statusstream.server.stream.StreamHub;
import dev.statusstream.server.stream.StreamStats;
import io.javalin.http.Context;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's meters, scraped at {@code GET /metrics} in the Prometheus text format: the stream hub's
 * counters, how long a change takes to reach this node's streams, the library's sync counters (Redis
 * reconnects, resyncs), the JVM and process, and the PostgreSQL pool when it is ours. The counters live
 * where they are counted ({@link StreamStats}, {@link SyncStats}) and are read at scrape time. Thread-safe.
 */
public final class ServerMetrics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServerMetrics.class);
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Timer broadcastLatency;
    /**
     * Renders the scrape. Not the request's own thread, which is virtual: there the JDK's
     * {@code BufferedWriter}, which the Prometheus writer puts around its output, starts at 512 chars
     * and grows by the length of each write, copying itself each time: a scrape of 18 KB cost 22 MB
     * of garbage (ten scrapes a second made the heap grow by hundreds of MB). On a platform thread it
     * starts at its full 8 KiB: about 0.1 MB a scrape.
     */
    private final ExecutorService scraper = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("statusstream-metrics-scrape").factory());
    /** Held here: meters keep only weak references to what they read. */
    private java.util.function.Supplier<DeliveryStats> deliveryStats;

    private ServerMetrics() {
        broadcastLatency = Timer.builder("statusstream.broadcast.latency")
                .description("From the snapshot being built (at commit, on the writing node) to this node having handed it to every open stream")
                .serviceLevelObjectives(millis(5), millis(10), millis(25), millis(50), millis(100), millis(250),
                        millis(500), millis(1000), millis(2500), millis(5000), millis(10_000))
                .register(registry);
    }

    /**
     * Meters for {@code status} and {@code hub}.
     *
     * @param bindPool also bind the library's HikariCP pool (when it reports nowhere yet): only when
     *                 the pool is ours, never an application's own pool that it lent the library
     */
    public static ServerMetrics create(StatusStream status, StreamHub hub, RenderedCache cache, PostgresBreaker breaker,
            boolean bindPool) {
        var metrics = new ServerMetrics();
        metrics.bindStreams(hub);
        metrics.bindReads(cache, breaker);
        metrics.bindSync(status);
        metrics.bindDelivery(status);
        metrics.bindPlatform();
        if (bindPool) {
            metrics.bindPool(status);
        }
        return metrics;
    }

    private void bindReads(RenderedCache cache, PostgresBreaker breaker) {
        Gauge.builder("statusstream.reads.postgres.down", breaker, b -> b.down() ? 1 : 0)
                .description("1 while public reads are served from memory because PostgreSQL does not answer").register(registry);
        counter("statusstream.reads.rendered", cache, RenderedCache::renders,
                "Public reads rendered (pages, snapshot, Statuspage API, feeds, badge): once per representation and version");
        counter("statusstream.reads.stale", cache, RenderedCache::staleServed,
                "Public reads answered with an older copy because PostgreSQL was unavailable to render the newer one");
        Gauge.builder("statusstream.reads.cached", cache, RenderedCache::bytes).baseUnit("bytes")
                .description("Bytes of rendered public reads held in memory").register(registry);
    }

    private void bindStreams(StreamHub hub) {
        StreamStats stats = hub.stats();
        Gauge.builder("statusstream.streams.open", hub, StreamHub::openStreams)
                .description("Streams open on this node now").register(registry);
        Gauge.builder("statusstream.snapshot.version", hub, StreamHub::version)
                .description("The version this node's streams serve").register(registry);
        counter("statusstream.streams.opened", stats, StreamStats::openedTotal, "Streams opened");
        counter("statusstream.streams.closed", stats, StreamStats::closedTotal, "Streams ended, for any reason");
        counter("statusstream.stream.events.sent", stats, StreamStats::eventsSent, "Events written to streams");
        counter("statusstream.stream.heartbeats.sent", stats, StreamStats::heartbeatsSent, "Heartbeat comments written to streams");
        FunctionCounter.builder("statusstream.stream.sent", stats, s -> s.bytesSent()).baseUnit("bytes")
                .description("Bytes written to streams (events and heartbeats)").register(registry);
        counter("statusstream.stream.conflated", stats, StreamStats::conflatedTotal,
                "Snapshots a slow stream skipped because a newer one replaced them");
        counter("statusstream.stream.slow.clients.dropped", stats, StreamStats::slowClientsDropped,
                "Streams dropped because their socket accepted nothing for the slow-client limit");
        counter("statusstream.stream.write.failures", stats, StreamStats::writeFailures, "Stream writes that failed");
        for (StreamStats.Start outcome : StreamStats.Start.values()) {
            FunctionCounter.builder("statusstream.stream.starts", stats, s -> s.starts(outcome)).tag("outcome", outcome.label())
                    .description("Streams started, by what their Last-Event-ID called for: fresh (none), up_to_date, caught_up "
                            + "(ahead of this node until it caught up), replayed, snapshot_fallback, unknown_id")
                    .register(registry);
        }
        rejected("per_ip", stats, StreamStats::rejectedPerIpTotal);
        rejected("node_full", stats, StreamStats::rejectedOverTotal);
        rejected("origin", stats, StreamStats::rejectedOriginTotal);
        rejected("shutting_down", stats, StreamStats::rejectedShuttingDownTotal);
        counter("statusstream.broadcasts", stats, StreamStats::broadcastsTotal,
                "Snapshots handed to the fan-out, each encoded once for every stream");
        FunctionCounter.builder("statusstream.broadcast.fanout.time", stats, s -> s.fanOutNanosTotal() / 1e9)
                .baseUnit("seconds")
                .description("Thread time the fan-out spent offering snapshots to streams; per broadcast, the CPU one change costs")
                .register(registry);
    }

    private void bindSync(StatusStream status) {
        syncCounter("statusstream.snapshots.applied", status, SyncStats::applied, "Snapshots that moved this node to a newer version");
        syncCounter("statusstream.redis.messages.received", status, SyncStats::messagesReceived, "Messages read from the Redis channel");
        syncCounter("statusstream.redis.messages.invalid", status, SyncStats::messagesInvalid, "Redis messages that were not a valid snapshot");
        syncCounter("statusstream.redis.messages.stale", status, SyncStats::messagesStale, "Redis messages older than what this node had");
        syncCounter("statusstream.redis.reconnects", status, SyncStats::redisReconnects, "Times the Redis subscription came back after a loss");
        syncCounter("statusstream.resyncs", status, SyncStats::resyncs, "Times this node found PostgreSQL ahead and reloaded from it");
        syncCounter("statusstream.redis.publish.failures", status, SyncStats::publishFailures,
                "Snapshots this node committed but could not publish or cache in Redis");
    }

    /**
     * Delivery of notifications: the queue every node shares (read from PostgreSQL, at most once a
     * second whatever the number of meters and scrapes) and what this node did. The read runs off the
     * scrape's thread and the scrape shows the figures last read: with PostgreSQL stopped, a read waits
     * out the pool's timeout, and a scrape must answer at once whatever the database does.
     */
    private void bindDelivery(StatusStream status) {
        record Read(DeliveryStats stats, long at) {
        }
        var last = new java.util.concurrent.atomic.AtomicReference<>(new Read(new DeliveryStats(0, 0, java.time.Duration.ZERO,
                0, 0, 0, 0), System.nanoTime() - 2_000_000_000L));
        var reading = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.function.Supplier<DeliveryStats> current = () -> {
            Read read = last.get();
            if (System.nanoTime() - read.at() > 1_000_000_000L && reading.compareAndSet(false, true)) {
                Thread.ofVirtual().name("statusstream-delivery-metrics").start(() -> {
                    try {
                        last.set(new Read(status.deliveryStats(), System.nanoTime()));
                    } catch (RuntimeException e) {
                        // the figures last read stay until PostgreSQL answers again
                    } finally {
                        reading.set(false);
                    }
                });
            }
            return read.stats();
        };
        deliveryStats = current;
        Gauge.builder("statusstream.notifications.queued", current, c -> c.get().queued())
                .description("Deliveries to subscribers not yet delivered or failed, on every node").register(registry);
        Gauge.builder("statusstream.notifications.retrying", current, c -> c.get().retrying())
                .description("Of the queued deliveries, those that failed at least once").register(registry);
        Gauge.builder("statusstream.notifications.oldest.undelivered", current, c -> c.get().oldestUndelivered().toMillis() / 1000.0)
                .baseUnit("seconds").description("Age of the oldest queued delivery; 0 when none").register(registry);
        counter("statusstream.notifications.sent", current, c -> c.get().sent(), "Deliveries this node delivered");
        counter("statusstream.notifications.retried", current, c -> c.get().retried(), "Tries of this node that failed and will be retried");
        counter("statusstream.notifications.failed", current, c -> c.get().failed(), "Deliveries this node gave up on");
        counter("statusstream.subscribers.disabled", current, c -> c.get().disabled(), "Subscribers this node disabled for failing too long");
    }

    private void bindPlatform() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    private void bindPool(StatusStream status) {
        if (status.dataSource() instanceof HikariDataSource pool) {
            if (pool.getMetricRegistry() == null && pool.getMetricsTrackerFactory() == null) {
                pool.setMetricRegistry(registry);
            } else {
                log.debug("the PostgreSQL pool already reports its metrics elsewhere; not binding it to /metrics");
            }
        }
    }

    private <T> void counter(String name, T source, ToDoubleFunction<T> value, String description) {
        FunctionCounter.builder(name, source, value).description(description).register(registry);
    }

    private void rejected(String reason, StreamStats stats, ToDoubleFunction<StreamStats> value) {
        FunctionCounter.builder("statusstream.streams.rejected", stats, value).tag("reason", reason)
                .description("Streams refused: per_ip and node_full limits, or a forbidden origin").register(registry);
    }

    private void syncCounter(String name, StatusStream status, ToDoubleFunction<SyncStats> value, String description) {
        counter(name, status, s -> value.applyAsDouble(s.stats()), description);
    }

    /** Called by the stream hub when it has handed {@code snapshot} to every stream. */
    public void broadcastDone(Snapshot snapshot) {
        Duration latency = Duration.between(snapshot.generatedAt(), Instant.now());
        // another node's clock may be ahead of ours
        broadcastLatency.record(latency.isNegative() ? Duration.ZERO : latency);
    }

    /** {@code GET /metrics}. */
    public void scrape(Context ctx) throws InterruptedException {
        String text;
        try {
            text = scraper.submit(() -> registry.scrape()).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        }
        ctx.header("Cache-Control", "no-store").contentType(CONTENT_TYPE).result(text);
    }

    /** The registry, for hosts that want to add their own meters. */
    public MeterRegistry registry() {
        return registry;
    }

    private static Duration millis(long ms) {
        return Duration.ofMillis(ms);
    }

    @Override
    public void close() {
        scraper.shutdownNow();
        gc.close();
        registry.close();
    }
}
