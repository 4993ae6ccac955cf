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
 * event: it parses just enough of each stream (status line, chunked framing, {@code id:} and {@code data:}
 * lines) to note when each event id arrived. Runs its own thread; read results after {@link #stop()}.
 */
final class SseLoad implements Runnable {
    /** One connection's progress. Events are recorded as (id, nanoTime) pairs. */
    static final class Conn {
        final int index;
        SocketChannel channel;
        long startedAt;
        long readyAt;
        long firstEventAt;
        int status;
        boolean headersDone;
        boolean chunked;
        boolean ended;
        String failure;
        // response header accumulation
        final StringBuilder head = new StringBuilder();
        // chunked framing: remaining bytes of the current chunk; -1 reading a size line; -2 its CRLF
        long chunkLeft = -1;
        long chunkSize;
        boolean inExtension;
        // SSE lines
        boolean lineStart = true;
        int field; // 0 unknown/skip, 1 id, 2 data
        int fieldPos;
        long id;
        boolean idValid;
        boolean dataSeen;
        long[] events = new long[8];
        int eventCount;

        Conn(int index) {
            this.index = index;
        }

        void record(long id, long at) {
            if (eventCount * 2 == events.length) {
                events = java.util.Arrays.copyOf(events, events.length * 2);
            }
            events[eventCount * 2] = id;
            events[eventCount * 2 + 1] = at;
            eventCount++;
        }

        /** When the event with this id arrived, or -1. */
        long receivedAt(long id) {
            for (int i = 0; i < eventCount; i++) {
                if (events[i * 2] == id) {
                    return events[i * 2 + 1];
                }
            }
            return -1;
        }
    }

    private final InetSocketAddress target;
    private final byte[] request;
    private final List<InetAddress> sources;
    private final int count;
    private final int offset;
    private final double ramp;
    private final int maxPending;
    private final long readyVersion;
    private final long connectTimeoutNanos;
    final Conn[] conns;
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
        this.conns = new Conn[count];
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
            for (Conn c : conns) {
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
            Conn c = new Conn(i);
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
        Conn c = (Conn) key.attachment();
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
                parse(c, bytes, n, now);
                if (n < bytes.length) {
                    return;
                }
            }
        } catch (IOException e) {
            key.cancel();
            ended(c, (c.readyAt == 0 ? "connect: " : "") + e.getMessage());
        }
    }

    private void ended(Conn c, String why) {
        if (c.readyAt == 0 && c.failure == null) {
            fail(c, c.headersDone ? "ended before its first event" : why);
        }
        c.ended = true;
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private void fail(Conn c, String why) {
        if (c.failure != null || c.readyAt != 0) {
            return;
        }
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

    private void ready(Conn c, long now) {
        if (c.readyAt != 0 || c.failure != null) {
            return;
        }
        c.readyAt = now;
        pending--;
        lastReadyNanos = now;
        resolved.countDown();
    }

    private void expire(long now) {
        for (int i = 0; i < started; i++) {
            Conn c = conns[i];
            if (c.readyAt == 0 && c.failure == null && now - c.startedAt > connectTimeoutNanos) {
                fail(c, c.headersDone ? "timeout waiting for the first event" : "timeout waiting for the response");
            }
        }
    }

    private void parse(Conn c, byte[] a, int n, long now) {
        int i = 0;
        if (!c.headersDone) {
            while (i < n && !c.headersDone) {
                char ch = (char) (a[i++] & 0xff);
                c.head.append(ch);
                int len = c.head.length();
                if (len >= 4 && c.head.charAt(len - 1) == '\n' && c.head.charAt(len - 3) == '\n') {
                    headers(c, now);
                }
            }
            if (!c.headersDone || c.failure != null) {
                return;
            }
        }
        while (i < n) {
            if (!c.chunked) {
                sse(c, a[i++], now);
                continue;
            }
            if (c.chunkLeft > 0) {
                int take = (int) Math.min(c.chunkLeft, n - i);
                for (int k = 0; k < take; k++) {
                    sse(c, a[i + k], now);
                }
                i += take;
                c.chunkLeft -= take;
                if (c.chunkLeft == 0) {
                    c.chunkLeft = -2;
                }
                continue;
            }
            byte b = a[i++];
            if (c.chunkLeft == -2) { // CRLF after chunk data
                if (b == '\n') {
                    c.chunkLeft = -1;
                    c.chunkSize = 0;
                    c.inExtension = false;
                }
                continue;
            }
            // size line
            if (b == '\n') {
                if (c.chunkSize == 0) {
                    c.ended = true; // last chunk: the server ended the stream
                    return;
                }
                c.chunkLeft = c.chunkSize;
            } else if (b == ';') {
                c.inExtension = true;
            } else if (!c.inExtension && b != '\r') {
                c.chunkSize = c.chunkSize * 16 + Character.digit(b, 16);
            }
        }
    }

    private void headers(Conn c, long now) {
        c.headersDone = true;
        String head = c.head.toString();
        c.head.setLength(0);
        String[] statusLine = head.substring(0, head.indexOf('\r')).split(" ");
        c.status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : 0;
        String lower = head.toLowerCase(java.util.Locale.ROOT);
        c.chunked = lower.contains("transfer-encoding: chunked");
        if (c.status != 200) {
            fail(c, "http_" + c.status);
            return;
        }
        if (!lower.contains("content-type: text/event-stream")) {
            fail(c, "not text/event-stream");
            return;
        }
        if (readyVersion < 0) {
            ready(c, now);
        }
    }

    /** One byte of the event stream (LF line ends; CR ignored). */
    private void sse(Conn c, byte b, long now) {
        if (b == '\r') {
            return;
        }
        if (b == '\n') {
            if (c.lineStart) { // blank line: dispatch
                if (c.dataSeen) {
                    event(c, now);
                }
                c.dataSeen = false;
            }
            c.lineStart = true;
            c.field = 0;
            c.fieldPos = 0;
            return;
        }
        if (c.lineStart) {
            c.lineStart = false;
            c.field = b == 'i' ? 1 : b == 'd' ? 2 : 0;
            c.fieldPos = 1;
            if (c.field == 2) {
                c.dataSeen = true;
            }
            return;
        }
        if (c.field == 1) {
            // "id: 123": skip "d", ":" and one space, then digits
            if (c.fieldPos == 1) {
                c.fieldPos = b == 'd' ? 2 : -1;
            } else if (c.fieldPos == 2) {
                c.fieldPos = b == ':' ? 3 : -1;
                c.id = 0;
                c.idValid = false;
            } else if (c.fieldPos >= 3) {
                if (b == ' ' && c.fieldPos == 3) {
                    c.fieldPos = 4;
                } else if (b >= '0' && b <= '9') {
                    c.id = c.id * 10 + (b - '0');
                    c.idValid = true;
                    c.fieldPos = 5;
                } else {
                    c.idValid = false;
                    c.field = 0;
                }
            }
        }
    }

    private void event(Conn c, long now) {
        long id = c.idValid ? c.id : -1;
        if (c.firstEventAt == 0) {
            c.firstEventAt = now;
        }
        c.record(id, now);
        if (readyVersion >= 0 && id >= readyVersion) {
            ready(c, now);
        }
    }

    int ready() {
        int n = 0;
        for (Conn c : conns) {
            if (c != null && c.readyAt != 0) {
                n++;
            }
        }
        return n;
    }

    Map<String, Integer> failures() {
        Map<String, Integer> byCause = new TreeMap<>();
        for (Conn c : conns) {
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
        for (Conn c : conns) {
            if (c != null && c.readyAt != 0 && c.ended) {
                n++;
            }
        }
        return n;
    }
}
