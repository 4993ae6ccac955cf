package dev.statusstream.bench;

import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Locale;

/**
 * One load connection: its progress, and a byte-level parser for just enough of the response (status
 * line, chunked framing, {@code id:} and {@code data:} lines) to note when each event id arrived,
 * without allocating per event. Events are recorded as (id, nanoTime) pairs. Confined to the
 * selector thread of its {@link SseLoad}.
 */
final class SseConnection {
    /** What one call to {@link #parse} changed. */
    enum Outcome { NOTHING, READY, FAILED }

    SocketChannel channel;
    long startedAt;
    long readyAt;
    long firstEventAt;
    int status;
    boolean headersDone;
    boolean chunked;
    boolean ended;
    String failure;
    /** Counted as ready or failed by the load (once). */
    boolean counted;
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
    long ordinal;
    long[] events = new long[8];
    int eventCount;

    void record(long id, long at) {
        if (eventCount * 2 == events.length) {
            events = Arrays.copyOf(events, events.length * 2);
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

    /**
     * Parses {@code n} bytes read at {@code now}. The connection becomes ready at its HTTP 200 when
     * {@code readyVersion} is negative, else at the first event whose id is at least {@code readyVersion}.
     */
    Outcome parse(byte[] a, int n, long now, long readyVersion) {
        Outcome outcome = Outcome.NOTHING;
        int i = 0;
        while (i < n && !headersDone) {
            head.append((char) (a[i++] & 0xff));
            int len = head.length();
            if (len >= 4 && head.charAt(len - 1) == '\n' && head.charAt(len - 3) == '\n') {
                outcome = headers(readyVersion);
                if (outcome == Outcome.FAILED) {
                    return outcome;
                }
            }
        }
        while (i < n) {
            if (!chunked) {
                outcome = max(outcome, sse(a[i++], now, readyVersion));
                continue;
            }
            if (chunkLeft > 0) {
                int take = (int) Math.min(chunkLeft, n - i);
                for (int k = 0; k < take; k++) {
                    outcome = max(outcome, sse(a[i + k], now, readyVersion));
                }
                i += take;
                chunkLeft -= take;
                if (chunkLeft == 0) {
                    chunkLeft = -2;
                }
                continue;
            }
            byte b = a[i++];
            if (chunkLeft == -2) { // the CRLF after a chunk's data
                if (b == '\n') {
                    chunkLeft = -1;
                    chunkSize = 0;
                    inExtension = false;
                }
            } else if (b == '\n') { // end of a size line
                if (chunkSize == 0) {
                    ended = true; // the last chunk: the server ended the stream
                    return outcome;
                }
                chunkLeft = chunkSize;
            } else if (b == ';') {
                inExtension = true;
            } else if (!inExtension && b != '\r') {
                chunkSize = chunkSize * 16 + Character.digit(b, 16);
            }
        }
        return outcome;
    }

    private static Outcome max(Outcome a, Outcome b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private Outcome headers(long readyVersion) {
        headersDone = true;
        String text = head.toString();
        head.setLength(0);
        String[] statusLine = text.substring(0, text.indexOf('\r')).split(" ");
        status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : 0;
        String lower = text.toLowerCase(Locale.ROOT);
        chunked = lower.contains("transfer-encoding: chunked");
        if (status != 200) {
            failure = "http_" + status;
            return Outcome.FAILED;
        }
        if (!lower.contains("content-type: text/event-stream")) {
            failure = "not text/event-stream";
            return Outcome.FAILED;
        }
        return readyVersion < 0 ? Outcome.READY : Outcome.NOTHING;
    }

    /** One byte of the event stream (LF line ends; CR ignored). */
    private Outcome sse(byte b, long now, long readyVersion) {
        if (b == '\r') {
            return Outcome.NOTHING;
        }
        if (b == '\n') {
            Outcome outcome = Outcome.NOTHING;
            if (lineStart && dataSeen) { // a blank line dispatches the event
                outcome = event(now, readyVersion);
            }
            if (lineStart) {
                dataSeen = false;
            }
            lineStart = true;
            field = 0;
            fieldPos = 0;
            return outcome;
        }
        if (lineStart) {
            lineStart = false;
            field = b == 'i' ? 1 : b == 'd' ? 2 : 0;
            fieldPos = 1;
            dataSeen |= field == 2;
            return Outcome.NOTHING;
        }
        if (field == 1) { // "id: 123": "d", ":", an optional space, then digits
            if (fieldPos == 1) {
                fieldPos = b == 'd' ? 2 : -1;
            } else if (fieldPos == 2) {
                fieldPos = b == ':' ? 3 : -1;
                id = 0;
                idValid = false;
            } else if (fieldPos >= 3) {
                if (b == ' ' && fieldPos == 3) {
                    fieldPos = 4;
                } else if (b >= '0' && b <= '9') {
                    id = id * 10 + (b - '0');
                    idValid = true;
                    fieldPos = 5;
                } else {
                    idValid = false;
                    field = 0;
                }
            }
        }
        return Outcome.NOTHING;
    }

    private Outcome event(long now, long readyVersion) {
        // an id that is not a number (nginx+nchan's "<time>:<tag>") counts events in order instead: 1, 2, ...
        ordinal++;
        long eventId = idValid ? id : ordinal;
        idValid = false;
        if (firstEventAt == 0) {
            firstEventAt = now;
        }
        record(eventId, now);
        return readyVersion >= 0 && eventId >= readyVersion ? Outcome.READY : Outcome.NOTHING;
    }
}
