package dev.statusstream.cli;

import dev.statusstream.Snapshot;
import dev.statusstream.SseEventReader;
import dev.statusstream.StatusException;
import dev.statusstream.ValidationException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Follows a server's SSE stream ({@code /api/status/stream}) the way a browser's {@code EventSource}
 * does, and a bit more patiently: unnamed events are snapshots, named ones (deltas) are skipped; when
 * the connection drops, the stream ends, or nothing (not even a heartbeat) arrives for
 * {@code idleLimit}, it reconnects after the server's {@code retry:} hint, backing off with jitter up to
 * {@code maxDelay}, and sends {@code Last-Event-ID} so the server replays what was missed. A 429 or 503
 * waits for {@code Retry-After}; other refusals (403, 404) are final.
 */
final class SseFollower {
    private final HttpClient http;
    private final URI stream;
    private final Duration idleLimit;
    private final Duration maxDelay;
    private final Consumer<String> notices;

    SseFollower(HttpClient http, URI stream, Duration idleLimit, Duration maxDelay, Consumer<String> notices) {
        this.http = http;
        this.stream = stream;
        this.idleLimit = idleLimit;
        this.maxDelay = maxDelay;
        this.notices = notices;
    }

    /** Calls {@code onSnapshot} with each snapshot until it returns false. Blocks; never returns on its own. */
    void follow(Predicate<Snapshot> onSnapshot) throws InterruptedException {
        String lastId = null;
        Duration retry = Duration.ofSeconds(1);
        int failures = 0;
        boolean reconnecting = false;
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("status-watch-watchdog").factory());
        try {
            while (true) {
                var request = HttpRequest.newBuilder(stream).GET()
                        .header("Accept", "text/event-stream")
                        .header("Cache-Control", "no-cache")
                        // the origin check keeps other sites' pages from embedding the stream; a terminal is
                        // no site, and this is what the page's own EventSource says
                        .header("Sec-Fetch-Site", "same-origin");
                if (lastId != null) {
                    request.header("Last-Event-ID", lastId);
                }
                Duration wait;
                try {
                    HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                    if (response.statusCode() != 200) {
                        response.body().close();
                        wait = refused(response);
                    } else {
                        if (reconnecting) {
                            notices.accept("reconnected to " + stream + (lastId == null ? "" : " (resuming after version " + lastId + ")"));
                        }
                        failures = 0;
                        Read read = read(response.body(), onSnapshot, lastId, retry, watchdog);
                        if (read.done()) {
                            return;
                        }
                        lastId = read.lastId();
                        retry = read.retry();
                        wait = retry;
                        reconnecting = true;
                        notices.accept("the stream ended; reconnecting in " + seconds(wait));
                    }
                } catch (IOException e) {
                    failures++;
                    reconnecting = true;
                    wait = backoff(retry, failures);
                    notices.accept("connection to " + stream + " lost (" + describe(e) + "); reconnecting in " + seconds(wait));
                }
                Thread.sleep(wait.toMillis());
            }
        } finally {
            watchdog.shutdownNow();
        }
    }

    private record Read(boolean done, String lastId, Duration retry) {
    }

    /** Reads events until the stream ends, fails, goes quiet, or the caller has had enough. */
    private Read read(InputStream body, Predicate<Snapshot> onSnapshot, String initialId, Duration initialRetry,
            ScheduledExecutorService watchdog) throws IOException {
        var lastActivity = new AtomicLong(System.nanoTime());
        var guard = watchdog.scheduleWithFixedDelay(() -> {
            if (System.nanoTime() - lastActivity.get() > idleLimit.toNanos()) {
                notices.accept("nothing from " + stream + " for " + seconds(idleLimit) + " (not even a heartbeat)");
                close(body);
            }
        }, 1, 1, TimeUnit.SECONDS);
        var state = new Object() {
            String lastId = initialId;
            Duration retry = initialRetry;
            boolean done;
        };
        var reader = new SseEventReader(new Activity(body, lastActivity),
                new SseEventReader.Callback() {
                    @Override
                    public void onEvent(String id, String type, String data) {
                        // only a snapshot moves Last-Event-ID on: the ids of named delta events are versions too,
                        // and resuming after one would skip the snapshot of that version
                        if (type.equals("message")) {
                            state.lastId = id == null ? state.lastId : id;
                            state.done = !deliver(data, onSnapshot);
                        }
                    }

                    @Override
                    public void onRetry(long millis) {
                        state.retry = Duration.ofMillis(millis);
                    }
                });
        try (body) {
            while (!state.done && reader.processNextEvent()) {
                // each event is handled by the callback
            }
            return new Read(state.done, state.lastId, state.retry);
        } catch (IOException e) {
            if (System.nanoTime() - lastActivity.get() > idleLimit.toNanos()) {
                return new Read(false, state.lastId, state.retry);
            }
            throw e;
        } finally {
            guard.cancel(false);
        }
    }

    /** Marks when bytes last arrived, heartbeats included, for the idle watchdog. */
    private static final class Activity extends FilterInputStream {
        private final AtomicLong last;

        Activity(InputStream in, AtomicLong last) {
            super(in);
            this.last = last;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            last.set(System.nanoTime());
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            last.set(System.nanoTime());
            return n;
        }
    }

    private boolean deliver(String data, Predicate<Snapshot> onSnapshot) {
        Snapshot snapshot;
        try {
            snapshot = Snapshot.fromJson(data);
        } catch (ValidationException e) {
            notices.accept("skipped an event that is not a snapshot: " + e.getMessage());
            return true;
        }
        return onSnapshot.test(snapshot);
    }

    /** How long to wait after a non-200 answer, or a failure when waiting cannot help. */
    private Duration refused(HttpResponse<InputStream> response) {
        int status = response.statusCode();
        if (status == 429 || status == 503) {
            Duration wait = response.headers().firstValue("Retry-After").filter(v -> v.matches("\\d{1,6}"))
                    .map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(Duration.ofSeconds(5));
            notices.accept("the server is busy (" + status + "); trying again in " + seconds(wait));
            return wait;
        }
        throw new StatusException(stream + " refused the stream (" + status + ")" + (status == 403
                ? ": its origin check (STATUS_MODE=production) turned the request away"
                : status == 404 ? ": is that a StatusStream server?" : ""));
    }

    private Duration backoff(Duration base, int failures) {
        long millis = Math.min(maxDelay.toMillis(), base.toMillis() << Math.min(failures - 1, 10));
        long jitter = ThreadLocalRandom.current().nextLong(millis / 5 + 1);
        return Duration.ofMillis(millis - millis / 10 + jitter);
    }

    private static String seconds(Duration d) {
        return String.format("%.1fs", d.toMillis() / 1000.0);
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // closing a stream we gave up on
        }
    }
}
