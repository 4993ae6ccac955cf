package dev.statusstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SSE event reader on plain strings. */
class SseEventReaderTest {
    private final List<String> seen = new ArrayList<>();

    /** Reads the whole stream; each event, retry and comment becomes one line of {@link #seen}. */
    private List<String> read(String stream) throws IOException {
        var reader = new SseEventReader(new StringReader(stream), recorder());
        while (reader.processNextEvent()) {
            seen.add("--");
        }
        return seen;
    }

    /**
     * Feeds the stream's UTF-8 bytes in pieces of {@code size} (cutting characters too); records as
     * {@link #read} does, with the events counted by {@code feed} marked at the end.
     */
    private List<String> feed(String stream, int size) {
        var reader = new SseEventReader(recorder());
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        int events = 0;
        for (int i = 0; i < bytes.length; i += size) {
            events += reader.feed(bytes, i, Math.min(size, bytes.length - i));
        }
        seen.add(events + " events");
        return seen;
    }

    private SseEventReader.Callback recorder() {
        return new SseEventReader.Callback() {
            @Override
            public void onEvent(String id, String type, String data) {
                seen.add("event id=" + id + " type=" + type + " data=" + data);
            }

            @Override
            public void onRetry(long millis) {
                seen.add("retry " + millis);
            }

            @Override
            public void onComment(String comment) {
                seen.add("comment " + comment);
            }
        };
    }

    @Test
    void events_carry_their_id_name_and_data() throws IOException {
        assertEquals(List.of("event id=7 type=message data={\"v\":7}", "--", "event id=8 type=service data=x", "--"),
                read("id: 7\ndata: {\"v\":7}\n\nid: 8\nevent: service\ndata: x\n\n"));
    }

    @Test
    void data_lines_join_with_a_line_feed_and_one_leading_space_is_dropped() throws IOException {
        assertEquals(List.of("event id=null type=message data=first\n  second\n", "--"),
                read("data: first\ndata:   second\ndata\n\n"));
    }

    @Test
    void lines_may_end_in_cr_lf_or_crlf() throws IOException {
        assertEquals(List.of("event id=1 type=message data=a", "--", "event id=2 type=message data=b", "--",
                        "event id=3 type=message data=c", "--"),
                read("id: 1\rdata: a\r\rid: 2\ndata: b\n\nid: 3\r\ndata: c\r\n\r\n"));
    }

    @Test
    void comments_and_retries_reach_the_callback_and_bad_retries_do_not() throws IOException {
        assertEquals(List.of("comment heartbeat", "retry 2500", "comment ", "event id=null type=message data=x", "--"),
                read(": heartbeat\n\nretry: 2500\nretry: soon\nretry: -5\n:\ndata: x\n\n"));
    }

    @Test
    void a_byte_order_mark_at_the_start_is_skipped() throws IOException {
        assertEquals(List.of("event id=1 type=message data=x", "--"), read("\uFEFFid: 1\ndata: x\n\n"));
    }

    @Test
    void the_last_id_carries_over_and_an_id_with_nul_is_ignored() throws IOException {
        assertEquals(List.of("event id=5 type=message data=a", "--", "event id=5 type=message data=b", "--",
                        "event id= type=message data=c", "--"),
                read("id: 5\ndata: a\n\nid: 6\u0000\ndata: b\n\nid\ndata: c\n\n"));
    }

    @Test
    void an_event_without_data_or_cut_off_by_the_end_is_not_dispatched() throws IOException {
        var reader = new SseEventReader(new StringReader("event: service\nid: 4\n\ndata: half"), (id, type, data) -> seen.add(data));
        assertFalse(reader.processNextEvent());
        assertTrue(seen.isEmpty(), seen.toString());
        assertEquals("4", reader.lastEventId(), "an id without data still counts");
    }

    @Test
    void unknown_fields_are_ignored_and_a_field_without_colon_has_an_empty_value() throws IOException {
        assertEquals(List.of("event id=null type=message data=", "--"), read("colour: red\ndata\n\n"));
    }

    @Test
    void a_fed_reader_finds_what_a_pulling_one_does_however_the_stream_is_split() throws IOException {
        List<String> streams = List.of("id: 7\ndata: {\"v\":7}\n\nid: 8\nevent: service\ndata: x\n\n",
                "id: 1\rdata: a\r\rid: 2\ndata: b\n\nid: 3\r\ndata: c\r\n\r\n",
                "\uFEFF: hi\r\nretry: 1500\r\ndata: first\r\ndata:   second\r\n\r\ndata: cut off",
                "id: a\0b\ndata: 1\n\ndata: 2\n\n",
                "id: 9\ndata: 障害 ✓ 𝄞\nevent: ä\n\n");
        for (String stream : streams) {
            List<String> pulled = new ArrayList<>(read(stream));
            int events = (int) pulled.stream().filter("--"::equals).count();
            pulled.removeIf("--"::equals);
            pulled.add(events + " events");
            for (int size : new int[] {1, 2, 3, 5, 1000}) {
                seen.clear();
                assertEquals(pulled, feed(stream, size), "in pieces of " + size + ": " + stream);
            }
            seen.clear();
        }
    }

    @Test
    void a_fed_reader_says_how_many_events_each_piece_completed() {
        var reader = new SseEventReader((id, type, data) -> seen.add(id));
        byte[] stream = "id: 1\ndata: a\n\nid: 2\ndata: b\n\nid: 3\ndata: c\r\r\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, reader.feed(stream, 0, 14));
        assertEquals(2, reader.feed(stream, 14, 30));
        assertEquals(1, reader.feed(stream, 44, stream.length - 44));
        assertEquals(List.of("1", "2", "3"), seen);
    }
}
