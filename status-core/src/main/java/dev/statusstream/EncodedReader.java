package dev.statusstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Characters back to UTF-8 bytes, for an {@link SseEventReader} given a stream already decoded.
 * Not thread-safe.
 */
final class EncodedReader extends InputStream {
    private final Reader reader;
    private final char[] chars = new char[4096];
    private byte[] pending = new byte[0];
    private int next;
    /** A high surrogate whose pair has not been read yet. */
    private char held;

    EncodedReader(Reader reader) {
        this.reader = reader;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        while (next == pending.length) {
            int start = 0;
            if (held != 0) {
                chars[0] = held;
                held = 0;
                start = 1;
            }
            int read = reader.read(chars, start, chars.length - start);
            if (read < 0) {
                if (start == 0) {
                    return -1;
                }
                read = 0;
            }
            int count = start + read;
            if (read > 0 && Character.isHighSurrogate(chars[count - 1])) {
                held = chars[--count];
            }
            pending = new String(chars, 0, count).getBytes(StandardCharsets.UTF_8);
            next = 0;
        }
        int count = Math.min(length, pending.length - next);
        System.arraycopy(pending, next, into, offset, count);
        next += count;
        return count;
    }
}
