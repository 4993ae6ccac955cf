package dev.statusstream.server.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statusstream.server.stream.StreamAdmission.Refusal;
import org.junit.jupiter.api.Test;

/** The stream limits on their own: no server, no sockets. */
class StreamAdmissionTest {
    private final StreamStats stats = new StreamStats();

    @Test
    void an_address_gets_no_more_than_its_share_and_a_released_place_can_be_taken_again() {
        var admission = new StreamAdmission(10, 2, stats);
        assertEquals(Refusal.NONE, admission.admit("10.0.0.1"));
        assertEquals(Refusal.NONE, admission.admit("10.0.0.1"));
        assertEquals(Refusal.ADDRESS_FULL, admission.admit("10.0.0.1"));
        assertEquals(Refusal.NONE, admission.admit("10.0.0.2"), "another address is not held back");

        admission.release("10.0.0.1");
        assertEquals(Refusal.NONE, admission.admit("10.0.0.1"));
        assertEquals(1, stats.rejectedPerIpTotal());
    }

    @Test
    void the_node_refuses_beyond_its_limit_and_a_refusal_takes_no_place() {
        var admission = new StreamAdmission(2, 5, stats);
        assertEquals(Refusal.NONE, admission.admit("a"));
        assertEquals(Refusal.NONE, admission.admit("b"));
        assertEquals(Refusal.NODE_FULL, admission.admit("c"));
        assertEquals(Refusal.NODE_FULL, admission.admit("c"));

        admission.release("a");
        assertEquals(Refusal.NONE, admission.admit("c"), "the refusals took no place");
    }

    @Test
    void a_stopped_node_refuses_everyone() {
        var admission = new StreamAdmission(10, 10, stats);
        admission.stop();
        assertEquals(Refusal.SHUTTING_DOWN, admission.admit("a"));
    }
}
