package dev.statusstream.server.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The open streams, split into shards, each written by its own fan-out thread: a broadcast or a
 * heartbeat is one task per shard, so no thread writes to every socket and the thread that has news
 * never writes to one. Thread-safe.
 */
final class StreamShards {
    private final List<Set<StreamClient>> shards;
    private final List<ExecutorService> threads;
    private final AtomicInteger next = new AtomicInteger();

    /** @param count shards, each with its own fan-out thread (one per core: the kernel's send path runs on them) */
    StreamShards(int count) {
        List<Set<StreamClient>> sets = new ArrayList<>();
        List<ExecutorService> executors = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sets.add(ConcurrentHashMap.newKeySet());
            executors.add(Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("statusstream-fanout-" + i).factory()));
        }
        this.shards = List.copyOf(sets);
        this.threads = List.copyOf(executors);
    }

    /** The shard a new client joins, in turn. */
    int nextShard() {
        return Math.floorMod(next.getAndIncrement(), shards.size());
    }

    void add(StreamClient client) {
        shards.get(client.shard).add(client);
    }

    /** @return whether the client was there */
    boolean remove(StreamClient client) {
        return shards.get(client.shard).remove(client);
    }

    /**
     * Offers {@code frame} to every client, each shard on its thread, unless {@code newest} has moved
     * past it by the time the shard's turn comes (a newer frame is queued behind: skip straight to it).
     * {@code afterAll} runs on the thread of the last shard to finish.
     *
     * @param fannedOut told each shard's nanoseconds spent offering
     */
    void broadcast(Frame frame, LongSupplier newest, LongConsumer fannedOut, Runnable afterAll) {
        AtomicInteger left = new AtomicInteger(shards.size());
        for (int i = 0; i < shards.size(); i++) {
            Set<StreamClient> shard = shards.get(i);
            threads.get(i).execute(() -> {
                if (newest.getAsLong() == frame.version()) {
                    long started = System.nanoTime();
                    for (StreamClient client : shard) {
                        client.offer(frame);
                    }
                    fannedOut.accept(System.nanoTime() - started);
                }
                if (left.decrementAndGet() == 0) {
                    afterAll.run();
                }
            });
        }
    }

    /** A heartbeat tick for every client, through its shard's thread (see {@link StreamClient#tick}). */
    void tick(int ticksPerHeartbeat) {
        for (int i = 0; i < shards.size(); i++) {
            Set<StreamClient> shard = shards.get(i);
            threads.get(i).execute(() -> {
                for (StreamClient client : shard) {
                    client.tick(ticksPerHeartbeat);
                }
            });
        }
    }

    /** Runs {@code action} for every client, on the calling thread. */
    void forEach(Consumer<StreamClient> action) {
        for (Set<StreamClient> shard : shards) {
            shard.forEach(action);
        }
    }

    /** Every open client's end, as of now. */
    List<CompletableFuture<Void>> ends() {
        List<CompletableFuture<Void>> ends = new ArrayList<>();
        forEach(client -> ends.add(client.done()));
        return ends;
    }

    int count() {
        int count = 0;
        for (Set<StreamClient> shard : shards) {
            count += shard.size();
        }
        return count;
    }

    /** Clients whose write has been in flight (the socket accepting nothing more) for longer than {@code atLeast}. */
    List<StreamClient> blocked(Duration atLeast) {
        long now = System.nanoTime();
        long limit = atLeast.toNanos();
        List<StreamClient> blocked = new ArrayList<>();
        forEach(client -> {
            if (client.blockedFor(now) > limit) {
                blocked.add(client);
            }
        });
        return blocked;
    }

    void close() {
        threads.forEach(ExecutorService::shutdownNow);
    }
}
