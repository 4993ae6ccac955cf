package dev.statusstream.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * Holds many SSE streams in one process on one selector thread, without a thread or an allocation per
 * event (each {@link SseConnection} parses its own bytes): opens them at a given rate from several
 * source addresses, and counts them ready or failed. Runs its own thread; read results after
 * {@link #stop()}.
 */
final class SseLoad implements Runnable {
    private final InetSocketAddress target;
    private final byte[] request;
    private final List<InetAddress> sources;
    private final int count;
    private final int offset;
    private final double ramp;
    private final int maxPending;
    private final long readyVersion;
    private final long connectTimeoutNanos;
    final SseConnection[] conns;
    private final CountDownLatch resolved;
    private final Selector selector;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
    private final byte[] bytes = new byte[256 * 1024];
    private volatile boolean running = true;
    private volatile long startNanos;
    private volatile long lastReadyNanos;
    private int started;
    private int pending;
    private final Thread thread;

    /**
     * @param readyVersion a stream counts as ready when an event with this id or newer arrived; -1:
     *                     at its HTTP 200 (for clients that are up to date and get no event)
     * @param offset       index of the first connection across all processes (spreads source addresses)
     */
    SseLoad(InetSocketAddress target, String path, Map<String, String> headers, List<InetAddress> sources, int count,
            int offset, double ramp, int maxPending, long readyVersion, long connectTimeoutNanos) throws IOException {
        this.target = target;
        StringBuilder r = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: ")
                .append(target.getHostString()).append(':').append(target.getPort())
                .append("\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n");
        headers.forEach((name, value) -> r.append(name).append(": ").append(value).append("\r\n"));
        this.request = r.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        this.sources = sources;
        this.count = count;
        this.offset = offset;
        this.ramp = ramp;
        this.maxPending = maxPending;
        this.readyVersion = readyVersion;
        this.connectTimeoutNanos = connectTimeoutNanos;
        this.conns = new SseConnection[count];
        this.resolved = new CountDownLatch(count);
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().name("sse-load").unstarted(this);
    }

    void start() {
        startNanos = System.nanoTime();
        thread.start();
    }

    /** Waits until every connection is ready or failed. */
    void awaitResolved() throws InterruptedException {
        resolved.await();
    }

    long startNanos() {
        return startNanos;
    }

    long lastReadyNanos() {
        return lastReadyNanos;
    }

    void stop() throws InterruptedException {
        running = false;
        selector.wakeup();
        thread.join();
    }

    @Override
    public void run() {
        try {
            while (running) {
                openDue();
                selector.select(started < count ? 1 : 50);
                long now = System.nanoTime();
                var keys = selector.selectedKeys();
                for (SelectionKey key : keys) {
                    handle(key, now);
                }
                keys.clear();
                if (started < count || pending > 0) {
                    expire(now);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("the load client failed", e);
        } finally {
            for (SseConnection c : conns) {
                if (c != null && c.channel != null) {
                    try {
                        c.channel.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            }
        }
    }

    private void openDue() {
        long elapsed = System.nanoTime() - startNanos;
        long due = ramp <= 0 ? count : Math.min(count, (long) (elapsed / 1e9 * ramp) + 1);
        while (started < due && pending < maxPending) {
            int i = started++;
            SseConnection c = new SseConnection();
            conns[i] = c;
            pending++;
            c.startedAt = System.nanoTime();
            try {
                SocketChannel ch = SocketChannel.open();
                c.channel = ch;
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (!sources.isEmpty()) {
                    ch.bind(new InetSocketAddress(sources.get((offset + i) % sources.size()), 0));
                }
                if (ch.connect(target)) {
                    ch.write(ByteBuffer.wrap(request));
                    ch.register(selector, SelectionKey.OP_READ, c);
                } else {
                    ch.register(selector, SelectionKey.OP_CONNECT, c);
                }
            } catch (IOException e) {
                fail(c, "connect: " + e.getMessage());
            }
        }
    }

    private void handle(SelectionKey key, long now) {
        SseConnection c = (SseConnection) key.attachment();
        try {
            if (key.isConnectable()) {
                c.channel.finishConnect();
                c.channel.write(ByteBuffer.wrap(request));
                key.interestOps(SelectionKey.OP_READ);
                return;
            }
            if (!key.isReadable()) {
                return;
            }
            for (int rounds = 0; rounds < 4; rounds++) {
                buffer.clear();
                int n = c.channel.read(buffer);
                if (n < 0) {
                    ended(c, "eof");
                    key.cancel();
                    return;
                }
                if (n == 0) {
                    return;
                }
                buffer.flip();
                buffer.get(bytes, 0, n);
                switch (c.parse(bytes, n, now, readyVersion)) {
                    case READY -> ready(c, now);
                    case FAILED -> fail(c, c.failure);
                    default -> {
                    }
                }
                if (n < bytes.length) {
                    return;
                }
            }
        } catch (IOException e) {
            key.cancel();
            ended(c, (c.readyAt == 0 ? "connect: " : "") + e.getMessage());
        }
    }

    private void ended(SseConnection c, String why) {
        if (!c.counted) {
            fail(c, c.headersDone ? "ended before its first event" : why);
        }
        c.ended = true;
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private void fail(SseConnection c, String why) {
        if (c.counted) {
            return;
        }
        c.counted = true;
        c.failure = why;
        pending--;
        resolved.countDown();
        try {
            if (c.channel != null) {
                c.channel.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void ready(SseConnection c, long now) {
        if (c.counted) {
            return;
        }
        c.counted = true;
        c.readyAt = now;
        pending--;
        lastReadyNanos = now;
        resolved.countDown();
    }

    private void expire(long now) {
        for (int i = 0; i < started; i++) {
            SseConnection c = conns[i];
            if (!c.counted && now - c.startedAt > connectTimeoutNanos) {
                fail(c, c.headersDone ? "timeout waiting for the first event" : "timeout waiting for the response");
            }
        }
    }

    Map<String, Integer> failures() {
        Map<String, Integer> byCause = new TreeMap<>();
        for (SseConnection c : conns) {
            if (c == null) {
                byCause.merge("never started", 1, Integer::sum);
            } else if (c.failure != null) {
                byCause.merge(c.failure, 1, Integer::sum);
            }
        }
        return byCause;
    }

    /** Ready streams that the server ended or cut before the end of the run. */
    int dropped() {
        int n = 0;
        for (SseConnection c : conns) {
            if (c != null && c.readyAt != 0 && c.ended) {
                n++;
            }
        }
        return n;
    }
}
