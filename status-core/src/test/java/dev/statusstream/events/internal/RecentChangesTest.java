package dev.statusstream.events.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statusstream.ChangeEvent;
import dev.statusstream.ChangeType;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The in-memory side of the change ring: answers that need no database (the database is absent here). */
class RecentChangesTest {

    private static ChangeEvent event(long version) {
        return new ChangeEvent(version, ChangeType.SERVICE_UPDATED, "api", Instant.EPOCH, "{}");
    }

    private static List<ChangeEvent> events(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(RecentChangesTest::event).toList();
    }

    private static List<Long> versions(List<ChangeEvent> events) {
        return events.stream().map(ChangeEvent::version).toList();
    }

    @Test
    void consecutive_changes_are_answered_from_memory_without_reading_the_change_log() {
        var recent = new RecentChanges(null);
        recent.append(0, events(1, 3));
        recent.append(3, events(4, 5));

        assertEquals(List.of(3L, 4L, 5L), versions(recent.since(2, 5, 100)));
        assertEquals(List.of(1L, 2L), versions(recent.since(0, 5, 2)));
        assertEquals(0, recent.logReads());
    }

    @Test
    void changes_already_held_are_skipped_when_appended_again() {
        var recent = new RecentChanges(null);
        recent.append(0, events(1, 3));
        recent.append(1, events(2, 4));

        assertEquals(List.of(1L, 2L, 3L, 4L), versions(recent.since(0, 4, 100)));
    }

    @Test
    void memory_holds_at_most_its_capacity_and_keeps_the_newest() {
        var recent = new RecentChanges(null);
        int total = RecentChanges.CAPACITY + 10;
        recent.append(0, events(1, total));

        List<ChangeEvent> held = recent.since(10, total, Integer.MAX_VALUE);
        assertEquals(RecentChanges.CAPACITY, held.size());
        assertEquals(11, held.getFirst().version());
        assertEquals(total, held.getLast().version());
    }
}
