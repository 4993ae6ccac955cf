package dev.statusstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads Server-Sent Events by the HTML standard's rules, and hands each event to a {@link Callback};
 * the connection (HTTP, retries, {@code Last-Event-ID}) is the caller's. The stream is UTF-8; lines
 * end in CR, LF or CRLF; a byte order mark at the start is skipped; {@code data} lines join with LF;
 * the last event id carries over to later events until an {@code id} line changes it (one containing
 * NUL is ignored); an event without data is not dispatched, nor is one cut off by the end of the
 * stream; unknown fields are ignored.
 *
 * <p>It reads either by pulling from the stream, event by event:
 *
 * <pre>{@code
 * var reader = new SseEventReader(body, (id, type, data) -> handle(id, data));
 * while (reader.processNextEvent()) {
 * }
 * }</pre>
 *
 * <p>or by being fed whatever bytes have arrived, split anywhere (for a non-blocking client):
 *
 * <pre>{@code
 * var reader = new SseEventReader((id, type, data) -> handle(id, data));
 * reader.feed(bytes, 0, read);
 * }</pre>
 *
 * <p>Lines are read where they lie in the bytes given; only a line split between two reads is
 * copied, and only values are decoded. Not thread-safe: one reader per stream, used by one thread at
 * a time.
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

    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
    private static final byte[] ID = {'i', 'd'};
    private static final byte[] RETRY = {'r', 'e', 't', 'r', 'y'};
    private static final byte[] LF = {'\n'};

    private final InputStream source;
    private final byte[] buffer;
    private int position;
    private int limit;
    private final Callback callback;
    /** The start of a line that the bytes read so far have not ended. */
    private final Bytes partial = new Bytes(256);
    /** The data lines of the event being read, joined with LF; null before its first. */
    private Bytes data;
    /** The last byte was a CR: an LF right after it ends no second line. */
    private boolean afterCr;
    private boolean started;
    private String lastEventId;
    private String type;
    /** Events dispatched so far. */
    private int dispatched;

    /**
     * A reader that pulls from one stream with {@link #processNextEvent()}.
     *
     * @param source   the stream's bytes
     * @param callback what to tell of each event, retry and comment
     */
    public SseEventReader(InputStream source, Callback callback) {
        this.source = source;
        this.buffer = new byte[8192];
        this.callback = callback;
    }

    /**
     * A reader that pulls from one stream already decoded to characters with {@link #processNextEvent()}.
     *
     * @param source   the stream's characters
     * @param callback what to tell of each event, retry and comment
     */
    public SseEventReader(Reader source, Callback callback) {
        this(new EncodedReader(source), callback);
    }

    /**
     * A reader that is fed with {@link #feed}.
     *
     * @param callback what to tell of each event, retry and comment
     */
    public SseEventReader(Callback callback) {
        this.source = null;
        this.buffer = null;
        this.callback = callback;
    }

    /**
     * Reads up to the end of the next event and dispatches it, calling the callback for the retries and
     * comments before it.
     *
     * @return true when an event was dispatched, false at the end of the stream
     * @throws IOException when reading fails
     * @throws IllegalStateException when this reader is fed instead
     */
    public boolean processNextEvent() throws IOException {
        if (source == null) {
            throw new IllegalStateException("this reader has no source: it is fed");
        }
        while (true) {
            int before = dispatched;
            position = consume(buffer, position, limit, true);
            if (dispatched > before) {
                return true;
            }
            limit = source.read(buffer, 0, buffer.length);
            position = 0;
            if (limit < 0) {
                limit = 0;
                return false;
            }
        }
    }

    /**
     * Reads the bytes that arrived, which may end anywhere (inside a line, an event or a character),
     * calling the callback for what they complete; the rest waits for the next call.
     *
     * @param bytes  holds the next bytes of the stream
     * @param offset where they start
     * @param length how many there are
     * @return how many events they dispatched
     */
    public int feed(byte[] bytes, int offset, int length) {
        int before = dispatched;
        consume(bytes, offset, offset + length, false);
        return dispatched - before;
    }

    /**
     * The last event id read so far, even from an event not yet dispatched.
     *
     * @return the id, or null when none was given
     */
    public String lastEventId() {
        return lastEventId;
    }

    /**
     * Reads {@code bytes} from {@code from} to {@code to}, line by line, keeping an unended line for
     * later.
     *
     * @param oneEvent stop just after the line that dispatches an event
     * @return where it stopped
     */
    private int consume(byte[] bytes, int from, int to, boolean oneEvent) {
        int start = from;
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (afterCr) {
                afterCr = false;
                if (b == '\n') {
                    start = i + 1;
                    continue;
                }
            }
            if (b != '\r' && b != '\n') {
                continue;
            }
            afterCr = b == '\r';
            boolean event;
            if (partial.length == 0) {
                event = line(bytes, start, i);
            } else {
                partial.append(bytes, start, i);
                event = line(partial.bytes, 0, partial.length);
                partial.length = 0;
            }
            start = i + 1;
            if (event && oneEvent) {
                return start;
            }
        }
        partial.append(bytes, start, to);
        return to;
    }

    /** One complete line, {@code line} from {@code start} to {@code end}; true when it dispatched an event. */
    private boolean line(byte[] line, int start, int end) {
        if (!started) {
            started = true;
            if (end - start >= 3 && line[start] == (byte) 0xEF && line[start + 1] == (byte) 0xBB && line[start + 2] == (byte) 0xBF) {
                start += 3;
            }
        }
        if (start == end) {
            boolean dispatch = data != null;
            if (dispatch) {
                dispatched++;
                callback.onEvent(lastEventId, type == null || type.isEmpty() ? "message" : type,
                        new String(data.bytes, 0, data.length, StandardCharsets.UTF_8));
            }
            type = null;
            data = null;
            return dispatch;
        }
        int colon = start;
        while (colon < end && line[colon] != ':') {
            colon++;
        }
        int value = colon < end ? colon + 1 : end;
        if (value < end && line[value] == ' ') {
            value++;
        }
        if (colon == start) {
            callback.onComment(text(line, value, end));
        } else if (is(DATA, line, start, colon)) {
            if (data == null) {
                data = new Bytes(end - value);
            } else {
                data.append(LF, 0, 1);
            }
            data.append(line, value, end);
        } else if (is(EVENT, line, start, colon)) {
            type = text(line, value, end);
        } else if (is(ID, line, start, colon)) {
            String id = text(line, value, end);
            lastEventId = id.indexOf('\0') < 0 ? id : lastEventId;
        } else if (is(RETRY, line, start, colon)) {
            String retry = text(line, value, end);
            if (retry.matches("\\d{1,18}")) {
                callback.onRetry(Long.parseLong(retry));
            }
        }
        // the standard says: ignore unknown fields
        return false;
    }

    private static boolean is(byte[] name, byte[] line, int start, int end) {
        return Arrays.equals(name, 0, name.length, line, start, end);
    }

    private static String text(byte[] line, int start, int end) {
        return new String(line, start, end - start, StandardCharsets.UTF_8);
    }

    /** A growable run of bytes. */
    private static final class Bytes {
        byte[] bytes;
        int length;

        Bytes(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        void append(byte[] from, int start, int end) {
            int count = end - start;
            if (length + count > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
            }
            System.arraycopy(from, start, bytes, length, count);
            length += count;
        }
    }
}
