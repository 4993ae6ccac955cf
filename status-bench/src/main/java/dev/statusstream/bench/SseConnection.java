package dev.statusstream.bench;

import dev.statusstream.SseEventReader;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Locale;

/**
 * One load connection: its progress, the HTTP framing of its response (status line, headers, chunks)
 * and, for the events inside, the library's {@link SseEventReader}, fed what each read brought, to note
 * when each event id arrived. Events are recorded as (id, nanoTime) pairs. Confined to the selector
 * thread of its {@link SseLoad}.
 */
final class SseConnection implements SseEventReader.Callback {
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
    private final SseEventReader reader = new SseEventReader(this);
    // what the parse call under way was given, and what its events decided
    private long parsedAt;
    private long readyVersion;
    private Outcome fromEvents;
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

    /**
     * When this stream first held version {@code id}: the arrival of that event or of the first newer one
     * (a server that conflates sends a client that fell behind only the newest), or -1.
     */
    long reachedAt(long id) {
        for (int i = 0; i < eventCount; i++) {
            if (events[i * 2] >= id) {
                return events[i * 2 + 1];
            }
        }
        return -1;
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
                outcome = max(outcome, sse(a, i, n - i, now, readyVersion));
                i = n;
                continue;
            }
            if (chunkLeft > 0) {
                int take = (int) Math.min(chunkLeft, n - i);
                outcome = max(outcome, sse(a, i, take, now, readyVersion));
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

    /** Bytes of the event stream, to the reader. */
    private Outcome sse(byte[] a, int from, int count, long now, long readyVersion) {
        this.parsedAt = now;
        this.readyVersion = readyVersion;
        fromEvents = Outcome.NOTHING;
        reader.feed(a, from, count);
        return fromEvents;
    }

    /** An id that is not a number (nginx+nchan's "<time>:<tag>") counts events in order instead: 1, 2, ... */
    @Override
    public void onEvent(String id, String type, String data) {
        ordinal++;
        long eventId = id != null && !id.isEmpty() && id.length() < 19 && id.chars().allMatch(Character::isDigit)
                ? Long.parseLong(id) : ordinal;
        if (firstEventAt == 0) {
            firstEventAt = parsedAt;
        }
        record(eventId, parsedAt);
        if (readyVersion >= 0 && eventId >= readyVersion) {
            fromEvents = Outcome.READY;
        }
    }
}
