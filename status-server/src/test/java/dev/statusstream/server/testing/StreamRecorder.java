package dev.statusstream.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.internal.Json;
import dev.statusstream.testing.Waiting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SSE client that records every event with the time it arrived, for fault tests. Opened with
 * {@link #resuming}, it behaves like a browser's {@code EventSource} behind a load balancer: when its
 * stream ends or breaks it waits the {@code retry} hint and reconnects to the next node with
 * {@code Last-Event-ID}. Thread-safe to read while it runs.
 */
public final class StreamRecorder implements AutoCloseable {
    /** One event: {@code version} is the snapshot's version for unnamed events, else the {@code id}. */
    public record Received(int connection, String event, long version, String data, long atNanos) {
        public boolean snapshot() {
            return "message".equals(event);
        }
    }

    private final List<String> urls;
    private final boolean resume;
    private final List<Received> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger earlierHeartbeats = new AtomicInteger();
    private final Thread thread;
    private volatile SseClient current;
    private volatile String lastEventId;
    private volatile boolean closed;

    private StreamRecorder(List<String> urls, boolean resume, SseClient first) {
        this.urls = urls;
        this.resume = resume;
        this.current = first;
        connections.set(1);
        this.thread = Thread.ofVirtual().name("stream-recorder").start(this::run);
    }

    /** One stream that is not reopened when it ends. */
    public static StreamRecorder open(String url) {
        return new StreamRecorder(List.of(url), false, connect(url, null));
    }

    /** A stream on {@code urls.get(0)} that moves on to the next URL, with {@code Last-Event-ID}, whenever it ends. */
    public static StreamRecorder resuming(List<String> urls) {
        return new StreamRecorder(List.copyOf(urls), true, connect(urls.get(0), null));
    }

    private static SseClient connect(String url, String lastEventId) {
        try {
            SseClient client = lastEventId == null ? SseClient.open(url) : SseClient.open(url, "Last-Event-ID", lastEventId);
            if (client.status() != 200) {
                client.close();
                throw new UncheckedIOException(new IOException("GET " + url + " answered " + client.status()));
            }
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void run() {
        int index = 0;
        SseClient client = current;
        try {
            while (!closed) {
                drain(client);
                earlierHeartbeats.addAndGet(heartbeats(client));
                if (!resume || closed) {
                    return;
                }
                long retry = client.retries().isEmpty() ? 1000 : Long.parseLong(client.retries().getLast());
                client = null;
                while (client == null && !closed) {
                    Thread.sleep(retry);
                    index = (index + 1) % urls.size();
                    try {
                        client = connect(urls.get(index), lastEventId);
                    } catch (UncheckedIOException e) {
                        // that node is down too: try the next one after the same delay
                    }
                }
                if (client != null) {
                    current = client;
                    connections.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private void drain(SseClient client) throws InterruptedException {
        int connection = connections.get();
        while (!closed) {
            SseClient.Event e = client.next(Duration.ofMillis(100));
            if (e == null) {
                if (client.ended()) {
                    e = client.next(Duration.ZERO);
                    if (e == null) {
                        return;
                    }
                } else {
                    continue;
                }
            }
            long now = System.nanoTime();
            if (e.id() != null && !e.id().isEmpty()) {
                lastEventId = e.id();
            }
            long version = "message".equals(e.event()) ? versionOf(e.data()) : Long.parseLong(e.id());
            events.add(new Received(connection, e.event(), version, e.data(), now));
        }
    }

    private static long versionOf(String json) {
        try {
            return Json.mapper().readTree(json).get("version").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException("a snapshot event that is not JSON: " + json, e);
        }
    }

    private static int heartbeats(SseClient client) {
        return (int) client.comments().stream().filter("heartbeat"::equals).count();
    }

    /** Every event so far, in arrival order. */
    public List<Received> events() {
        return List.copyOf(events);
    }

    /** The snapshot events so far. */
    public List<Received> snapshots() {
        return events.stream().filter(Received::snapshot).toList();
    }

    /** The version of the newest snapshot received, or -1. */
    public long version() {
        List<Received> all = snapshots();
        return all.isEmpty() ? -1 : all.getLast().version();
    }

    /** The newest snapshot received, parsed. */
    public JsonNode lastSnapshot() {
        try {
            return Json.mapper().readTree(snapshots().getLast().data());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits for a snapshot at {@code version} or newer; returns {@link System#nanoTime()} at its arrival.
     *
     * @throws AssertionError after {@code timeout}
     */
    public long awaitVersion(long version, Duration timeout) {
        Waiting.until(timeout, "a snapshot at version " + version + " or newer (have " + version() + ")",
                () -> version() >= version);
        return snapshots().stream().filter(r -> r.version() >= version).findFirst().orElseThrow().atNanos();
    }

    /**
     * Waits until every client has a snapshot at {@code version} or newer, all within one deadline
     * ({@code timeout} from now, not per client); returns the latest arrival ({@link System#nanoTime()}).
     *
     * @throws AssertionError when some client has not got there by the deadline, naming where each one is
     */
    public static long awaitAll(List<StreamRecorder> clients, long version, Duration timeout) {
        try {
            Waiting.until(timeout, "every client on version " + version,
                    () -> clients.stream().allMatch(c -> c.version() >= version));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; clients are on "
                    + clients.stream().map(c -> Long.toString(c.version())).toList(), e);
        }
        long latest = Long.MIN_VALUE;
        for (StreamRecorder client : clients) {
            latest = Math.max(latest, client.snapshots().stream().filter(r -> r.version() >= version)
                    .findFirst().orElseThrow().atNanos());
        }
        return latest;
    }

    /** Connections opened so far (1 while the first stream lasts). */
    public int connections() {
        return connections.get();
    }

    /** Whether the current stream is still open. */
    public boolean connected() {
        return !current.ended();
    }

    /** Heartbeat comments received, over all connections. */
    public int heartbeats() {
        return earlierHeartbeats.get() + heartbeats(current);
    }

    @Override
    public void close() {
        closed = true;
        current.close();
        thread.interrupt();
    }
}
