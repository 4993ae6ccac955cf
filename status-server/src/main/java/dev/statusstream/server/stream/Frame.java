package dev.statusstream.server.stream;

import dev.statusstream.ChangeEvent;
import dev.statusstream.Snapshot;
import java.nio.charset.StandardCharsets;

/**
 * One encoded SSE frame. Snapshot frames are encoded once per version and the same bytes are written
 * to every client. Immutable.
 *
 * @param version the version the frame carries in its {@code id}, or -1 for frames without one
 */
record Frame(long version, byte[] bytes) {
    static final Frame HEARTBEAT = new Frame(-1, ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII));

    /** The snapshot as the unnamed event every client handles in {@code onmessage}. */
    static Frame snapshot(Snapshot snapshot) {
        return new Frame(snapshot.version(), ("id: " + snapshot.version() + "\ndata: " + snapshot.toJson() + "\n\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A change a resuming client missed, as a named event ({@code service}, {@code incident}). */
    static Frame change(ChangeEvent event) {
        return new Frame(event.version(), ("id: " + event.version() + "\nevent: " + event.entity() + "\ndata: " + event.toJson() + "\n\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The reconnection delay hint, in milliseconds. */
    static Frame retry(long millis) {
        return new Frame(-1, ("retry: " + millis + "\n\n").getBytes(StandardCharsets.US_ASCII));
    }
}
