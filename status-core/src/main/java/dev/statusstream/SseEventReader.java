package dev.statusstream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads Server-Sent Events from a character stream by the HTML standard's rules, and hands each event
 * to a {@link Callback}; the connection (HTTP, retries, {@code Last-Event-ID}) is the caller's. Lines
 * end in CR, LF or CRLF; a byte order mark at the start is skipped; {@code data} lines join with LF;
 * the last event id carries over to later events until an {@code id} line changes it (one containing
 * NUL is ignored); an event without data is not dispatched, nor is one cut off by the end of the
 * stream; unknown fields are ignored.
 *
 * <pre>{@code
 * var reader = new SseEventReader(new InputStreamReader(body, UTF_8), (id, type, data) -> handle(id, data));
 * while (reader.processNextEvent()) {
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one reader per stream, used by one thread.
 */
public final class SseEventReader {
    /** What the reader found. Called on the reading thread. */
    public interface Callback {
        /**
         * One dispatched event.
         *
         * @param id   the last event id seen so far, or null when none
         * @param type the event name, {@code message} when unnamed
         * @param data the data lines joined with LF
         */
        void onEvent(String id, String type, String data);

        /**
         * A {@code retry} field with a valid number: how long to wait before reconnecting.
         *
         * @param millis the reconnection time in milliseconds
         */
        default void onRetry(long millis) {
        }

        /**
         * A comment line, such as a heartbeat.
         *
         * @param comment the text after the colon, without one leading space
         */
        default void onComment(String comment) {
        }
    }

    private final BufferedReader lines;
    private final Callback callback;
    private String lastEventId;
    private boolean started;

    /**
     * A reader of one stream.
     *
     * @param source   the stream's characters (decode the bytes as UTF-8)
     * @param callback what to tell of each event, retry and comment
     */
    public SseEventReader(Reader source, Callback callback) {
        this.lines = source instanceof BufferedReader buffered ? buffered : new BufferedReader(source);
        this.callback = callback;
    }

    /**
     * Reads up to the end of the next event and dispatches it, calling the callback for the retries and
     * comments before it.
     *
     * @return true when an event was dispatched, false at the end of the stream
     * @throws IOException when reading fails
     */
    public boolean processNextEvent() throws IOException {
        String type = null;
        StringBuilder data = null;
        for (String line; (line = lines.readLine()) != null; ) {
            if (!started) {
                started = true;
                if (line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
            }
            if (line.isEmpty()) {
                if (data != null) {
                    callback.onEvent(lastEventId, type == null || type.isEmpty() ? "message" : type, data.toString());
                    return true;
                }
                type = null;
                continue;
            }
            int colon = line.indexOf(':');
            if (colon == 0) {
                callback.onComment(withoutLeadingSpace(line.substring(1)));
                continue;
            }
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : withoutLeadingSpace(line.substring(colon + 1));
            switch (field) {
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "event" -> type = value;
                case "id" -> lastEventId = value.indexOf('\0') < 0 ? value : lastEventId;
                case "retry" -> {
                    if (value.matches("\\d{1,18}")) {
                        callback.onRetry(Long.parseLong(value));
                    }
                }
                default -> {
                    // the standard says: ignore unknown fields
                }
            }
        }
        return false;
    }

    /**
     * The last event id read so far, even from an event not yet dispatched.
     *
     * @return the id, or null when none was given
     */
    public String lastEventId() {
        return lastEventId;
    }

    private static String withoutLeadingSpace(String value) {
        return value.startsWith(" ") ? value.substring(1) : value;
    }
}
