package dev.statusstream.server.stream;

import dev.statusstream.ChangeEvent;
import dev.statusstream.Snapshot;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One or more encoded SSE events, written with a single write. Snapshot frames are encoded once per
 * version and the same bytes are written to every client: they live in one read-only direct buffer,
 * so each write hands the socket a view of it without copying. Immutable.
 *
 * @param version the newest version the frame carries in an {@code id}, or -1 for frames without one
 */
record Frame(long version, ByteBuffer bytes) {
    static final Frame HEARTBEAT = shared(-1, ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII));

    /** Bytes written to many clients: off-heap, so the kernel reads them in place on every write. */
    private static Frame shared(long version, byte[] bytes) {
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        return new Frame(version, direct.asReadOnlyBuffer());
    }

    /** Bytes written once (a client's opening): on the heap, freed with the client. */
    private static Frame single(long version, byte[] bytes) {
        return new Frame(version, ByteBuffer.wrap(bytes).asReadOnlyBuffer());
    }

    /** The snapshot as the unnamed event every client handles in {@code onmessage}. */
    static Frame snapshot(Snapshot snapshot) {
        return shared(snapshot.version(), ("id: " + snapshot.version() + "\ndata: " + snapshot.toJson() + "\n\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A change a resuming client missed, as a named event ({@code service}, {@code incident}). */
    static Frame change(ChangeEvent event) {
        return single(event.version(), ("id: " + event.version() + "\nevent: " + event.entity() + "\ndata: " + event.toJson() + "\n\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The reconnection delay hint, in milliseconds. */
    static Frame retry(long millis) {
        return single(-1, ("retry: " + millis + "\n\n").getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A new stream's usual opening, {@code retry} then the snapshot, as one frame written to many clients:
     * shared like the snapshot itself, so opening a stream copies nothing.
     */
    static Frame opening(Frame retry, Frame snapshot) {
        byte[] bytes = new byte[retry.size() + snapshot.size()];
        retry.view().get(bytes, 0, retry.size());
        snapshot.view().get(bytes, retry.size(), snapshot.size());
        return shared(snapshot.version(), bytes);
    }

    /** Several frames as one, so a new stream's opening costs one write (and one packet). */
    static Frame concat(List<Frame> frames) {
        if (frames.size() == 1) {
            return frames.get(0);
        }
        int size = 0;
        long version = -1;
        for (Frame frame : frames) {
            size += frame.size();
            version = Math.max(version, frame.version());
        }
        ByteBuffer joined = ByteBuffer.allocate(size); // one copy of each part
        for (Frame frame : frames) {
            joined.put(frame.view());
        }
        return single(version, joined.array());
    }

    /** A view with its own position, for one write (the socket advances it). */
    ByteBuffer view() {
        return bytes.duplicate();
    }

    int size() {
        return bytes.remaining();
    }
}
