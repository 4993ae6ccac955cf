package dev.statusstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SSE event reader on plain strings. */
class SseEventReaderTest {
    private final List<String> seen = new ArrayList<>();

    /** Reads the whole stream; each event, retry and comment becomes one line of {@link #seen}. */
    private List<String> read(String stream) throws IOException {
        var reader = new SseEventReader(new StringReader(stream), new SseEventReader.Callback() {
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
        });
        while (reader.processNextEvent()) {
            seen.add("--");
        }
        return seen;
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
}
