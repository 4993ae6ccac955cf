package dev.statusstream.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Request-caused log lines: escaped, cut short, and throttled per kind with a count of what was left out. */
class RequestLogTest {
    @Test
    void a_kind_is_logged_at_most_ten_times_per_period_then_the_count_of_the_rest_is_logged_once() {
        var clock = new AtomicLong();
        var log = new RequestLog(LoggerFactory.getLogger("statusstream.test.RequestLogTest"), clock::get);
        List<String> lines = captured(() -> {
            for (int i = 0; i < 25; i++) {
                log.warn("refusal", "refused request {}", i);
                log.warn("other kind", "other {}", i);
            }
            clock.addAndGet(RequestLog.PERIOD.toNanos());
            log.warn("refusal", "refused request {}", 25);
        });
        assertEquals(11, lines.stream().filter(l -> l.contains("refused request")).count(), "10, then one in the next period:\n"
                + String.join("\n", lines));
        assertEquals(10, lines.stream().filter(l -> l.contains("other ")).count(), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.contains("15 more 'refusal' lines suppressed")), String.join("\n", lines));
        assertTrue(lines.getLast().contains("refused request 25"), lines.getLast());
    }

    @Test
    void values_from_requests_are_escaped_and_cut_so_they_cannot_forge_lines() {
        assertEquals("a\\\"b\\nc\\r\\u001b[31m\\u0085\\u2028\\\\", RequestLog.quote("a\"b\nc\r\u001b[31m\u0085\u2028\\"));
        String cut = RequestLog.quote("x".repeat(1000));
        assertEquals("x".repeat(RequestLog.MAX_VALUE) + "...(1000 chars)", cut);
        assertEquals("\\ud800", RequestLog.quote("\ud800"));
        assertEquals("\uD83D\uDE00", RequestLog.quote("\uD83D\uDE00"), "a character outside the BMP is kept");
    }

    private static List<String> captured(Runnable logging) {
        PrintStream original = System.err;
        var out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            logging.run();
        } finally {
            System.setErr(original);
        }
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
