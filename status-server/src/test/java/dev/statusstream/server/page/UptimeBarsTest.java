package dev.statusstream.server.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.statusstream.LocalizedText;
import dev.statusstream.Status;
import dev.statusstream.StatusPeriod;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UptimeBarsTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);
    private static final Instant NOW = TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC);

    private static Instant at(int daysAgo, int hour, int minute) {
        return TODAY.minusDays(daysAgo).atTime(hour, minute).toInstant(ZoneOffset.UTC);
    }

    private static StatusPeriod period(Status status, Instant start, Instant end) {
        return new StatusPeriod(status, LocalizedText.EMPTY, start, end);
    }

    private static UptimeBars.Day day(UptimeBars.Bar bar, int daysAgo) {
        return bar.days().get(UptimeBars.DAYS - 1 - daysAgo);
    }

    @Test
    void a_day_takes_the_colour_of_its_worst_status_and_counts_the_time_in_each() {
        var bar = UptimeBars.compute(List.of(
                period(Status.OPERATIONAL, at(40, 0, 0), at(3, 10, 0)),
                period(Status.MAINTENANCE, at(3, 10, 0), at(3, 11, 0)),
                period(Status.OUTAGE, at(3, 11, 0), at(3, 11, 45)),
                period(Status.DEGRADED, at(3, 11, 45), at(2, 1, 0)),
                period(Status.OPERATIONAL, at(2, 1, 0), null)), TODAY, NOW);

        assertEquals(UptimeBars.DAYS, bar.days().size());
        assertEquals(TODAY, bar.days().getLast().date());
        assertEquals(Status.OUTAGE, day(bar, 3).worst());
        assertEquals(Map.of(Status.OPERATIONAL, Duration.ofHours(10), Status.MAINTENANCE, Duration.ofHours(1),
                Status.OUTAGE, Duration.ofMinutes(45), Status.DEGRADED, Duration.ofMinutes(12 * 60 + 15)), day(bar, 3).time());
        assertEquals(Status.DEGRADED, day(bar, 2).worst(), "the degraded spell runs past midnight");
        assertEquals(Duration.ofHours(1), day(bar, 2).time().get(Status.DEGRADED));
        assertEquals(Status.OPERATIONAL, day(bar, 1).worst());
        assertEquals(Map.of(Status.OPERATIONAL, Duration.ofHours(12)), day(bar, 0).time(), "today counts up to now");
        assertNull(day(bar, 41).worst(), "no data before the service existed");
        assertEquals(Map.of(), day(bar, 41).time());
    }

    @Test
    void uptime_is_the_share_without_outage_rounded_down() {
        var bar = UptimeBars.compute(List.of(
                period(Status.OPERATIONAL, at(40, 12, 0), at(3, 10, 0)),
                period(Status.OUTAGE, at(3, 10, 0), at(3, 12, 5)),
                period(Status.DEGRADED, at(3, 12, 5), null)), TODAY, NOW);
        // 125 minutes of outage in exactly 40 days (57,600 minutes): 99.783 % -> 99.78
        assertEquals(Duration.ofDays(40), bar.covered());
        assertEquals("99.78", bar.percent());

        var tiny = UptimeBars.compute(List.of(period(Status.OPERATIONAL, at(80, 0, 0), at(1, 0, 0)),
                period(Status.OUTAGE, at(1, 0, 0), at(1, 0, 1)), period(Status.OPERATIONAL, at(1, 0, 1), null)), TODAY, NOW);
        assertEquals("99.99", tiny.percent(), "any outage keeps it below 100");
        assertEquals("100", UptimeBars.compute(List.of(period(Status.DEGRADED, at(5, 0, 0), null)), TODAY, NOW).percent());
        assertNull(UptimeBars.compute(List.of(), TODAY, NOW).percent());
    }

    @Test
    void history_older_than_the_bar_only_colours_from_the_bars_first_day() {
        var bar = UptimeBars.compute(List.of(period(Status.OUTAGE, at(200, 0, 0), at(50, 0, 0)),
                period(Status.OPERATIONAL, at(50, 0, 0), null)), TODAY, NOW);
        assertEquals(Status.OUTAGE, bar.days().getFirst().worst());
        assertEquals(Duration.ofDays(UptimeBars.DAYS - 1).plusHours(12), bar.covered());
        assertEquals(Status.OPERATIONAL, day(bar, 49).worst());
    }

    @Test
    void a_status_set_this_very_moment_colours_today() {
        var bar = UptimeBars.compute(List.of(period(Status.OPERATIONAL, at(10, 0, 0), NOW),
                period(Status.OUTAGE, NOW, null)), TODAY, NOW);
        assertEquals(Status.OUTAGE, day(bar, 0).worst());
    }
}
