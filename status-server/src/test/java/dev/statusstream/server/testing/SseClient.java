package dev.statusstream.server.testing;

import dev.statusstream.SseEventReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test SSE client over {@link HttpClient}: reads the event stream with {@link SseEventReader} on its
 * own thread and queues what it reads.
 */
public final class SseClient implements AutoCloseable {
    /** One dispatched event. {@code event} is {@code message} for unnamed events. */
    public record Event(String id, String event, String data) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private final List<String> retries = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean ended;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = Thread.ofVirtual().start(this::read);
    }

    /** Opens a stream; {@code headers} are name/value pairs. Returns even for non-200 answers. */
    public static SseClient open(String url, String... headers) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(url)).GET().header("Accept", "text/event-stream");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    public int status() {
        return response.statusCode();
    }

    public Map<String, List<String>> headers() {
        return response.headers().map();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The next event, or null after {@code timeout}. */
    public Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits for the next event and fails when none comes within {@code timeout}. */
    public Event expect(Duration timeout) throws InterruptedException {
        Event event = next(timeout);
        if (event == null) {
            throw new AssertionError("no event within " + timeout.toMillis() + " ms (ended: " + ended + ")");
        }
        return event;
    }

    public List<String> comments() {
        return comments;
    }

    public List<String> retries() {
        return retries;
    }

    /** True once the server ended the response. */
    public boolean ended() {
        return ended;
    }

    private void read() {
        var reader = new SseEventReader(response.body(),
                new SseEventReader.Callback() {
                    @Override
                    public void onEvent(String id, String type, String data) {
                        events.add(new Event(id, type, data));
                    }

                    @Override
                    public void onRetry(long millis) {
                        retries.add(Long.toString(millis));
                    }

                    @Override
                    public void onComment(String comment) {
                        comments.add(comment.strip());
                    }
                });
        try {
            while (reader.processNextEvent()) {
                // the callback queues each event
            }
        } catch (IOException e) {
            // closed by us or by the server
        } finally {
            ended = true;
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already closed
        }
        reader.interrupt();
    }
}
