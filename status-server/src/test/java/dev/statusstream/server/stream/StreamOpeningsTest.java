package dev.statusstream.server.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.statusstream.Snapshot;
import dev.statusstream.StatusLabel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamOpeningsTest {
    private static Frame snapshotAt(long version) {
        return Frame.snapshot(new Snapshot(StatusLabel.UNKNOWN, List.of(), List.of(), version, Instant.EPOCH));
    }

    private static String text(Frame frame) {
        byte[] bytes = new byte[frame.size()];
        frame.view().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void fresh_streams_share_one_encoded_opening_per_snapshot_and_retry_step() {
        var openings = new StreamResume.Openings();
        Frame first = snapshotAt(7);
        Frame opening = openings.get(first, 3);

        assertEquals("retry: " + StreamResume.retryMillis(3) + "\n\n" + text(first), text(opening));
        assertEquals(7, opening.version());
        assertSame(opening, openings.get(first, 3), "the same bytes again, not a copy per stream");
        assertNotSame(opening, openings.get(first, 4));
        assertEquals("retry: 1400\n\n" + text(first), text(openings.get(first, 4)));

        Frame next = snapshotAt(8);
        assertEquals("retry: 1300\n\n" + text(next), text(openings.get(next, 3)), "a newer snapshot replaces them");
        assertEquals(text(opening), text(openings.get(first, 3)), "a stream that read the older one still gets it whole");
    }
}
