package dev.statusstream.server.page;

import dev.statusstream.Incident;
import dev.statusstream.Service;
import dev.statusstream.Snapshot;
import dev.statusstream.StatusException;
import dev.statusstream.StatusStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the page shows beyond the snapshot: each service's 90-day uptime bar and the incidents that ended
 * in the last {@value #PAST_DAYS} days. Read from PostgreSQL at most once per snapshot version and UTC day
 * (and at least every {@link #MAX_AGE}, as today's bar grows), so a crowd opening the page during an
 * outage costs the database nothing. When PostgreSQL is down the last result is kept and the page still
 * renders. Thread-safe.
 */
public final class PageHistory {
    private static final Logger log = LoggerFactory.getLogger(PageHistory.class);
    /** Days of ended incidents on the front page. */
    public static final int PAST_DAYS = 14;
    /** Most ended incidents on the front page; older ones are on the history page. */
    static final int PAST_LIMIT = 50;
    private static final Duration MAX_AGE = Duration.ofMinutes(1);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

    /**
     * @param bars      uptime bars by service id (a service missing here has no bar yet)
     * @param past      ended incidents, newest first, as PostgreSQL had them
     * @param available false when PostgreSQL could not be read and nothing was read before
     */
    public record Data(long version, LocalDate day, Instant readAt, Map<String, UptimeBars.Bar> bars, List<Incident> past,
            boolean available) {
        static Data none(Instant now) {
            return new Data(-1, null, now, Map.of(), List.of(), false);
        }
    }

    private final StatusStream status;
    private final Clock clock;
    private Data data;
    private Instant failedAt;

    public PageHistory(StatusStream status, Clock clock) {
        this.status = status;
        this.clock = clock;
    }

    /** The history for {@code snapshot}, read again when it is older than the snapshot, the day or a minute. */
    public synchronized Data get(Snapshot snapshot) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        boolean fresh = data != null && data.version() == snapshot.version() && today.equals(data.day())
                && data.readAt().plus(MAX_AGE).isAfter(now);
        boolean resting = failedAt != null && failedAt.plus(RETRY_AFTER_FAILURE).isAfter(now);
        if (fresh || resting) {
            return data == null ? Data.none(now) : data;
        }
        try {
            data = read(snapshot, today, now);
            failedAt = null;
        } catch (StatusException e) {
            if (failedAt == null) {
                log.warn("cannot read the page's history, showing {}: {}",
                        data == null ? "none" : "what was read at " + data.readAt(), e.getMessage());
            }
            failedAt = now;
        }
        return data == null ? Data.none(now) : data;
    }

    private Data read(Snapshot snapshot, LocalDate today, Instant now) {
        Instant barStart = UptimeBars.start(today);
        Map<String, UptimeBars.Bar> bars = new LinkedHashMap<>();
        for (Service service : snapshot.services()) {
            bars.put(service.id(), UptimeBars.compute(status.statusHistory(service.id(), barStart, now), today, now));
        }
        Instant since = now.minus(Duration.ofDays(PAST_DAYS));
        List<Incident> past = status.incidentsBefore(now, null, PAST_LIMIT * 2).stream()
                .filter(i -> !i.isOpen() && endedAt(i).isAfter(since))
                .limit(PAST_LIMIT)
                .toList();
        return new Data(snapshot.version(), today, now, bars, past, true);
    }

    /** When an ended incident ended (its resolution, else its last change). */
    static Instant endedAt(Incident incident) {
        return incident.resolvedAt() != null ? incident.resolvedAt() : incident.updatedAt();
    }
}
