package dev.statusstream.server.page;

import dev.statusstream.Incident;
import dev.statusstream.Service;
import dev.statusstream.Snapshot;
import dev.statusstream.StatusException;
import dev.statusstream.StatusStream;
import dev.statusstream.server.api.PostgresBreaker;
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
 * in the last {@value #PAST_DAYS} days. Read from PostgreSQL once per snapshot version and {@link #STEP},
 * and computed as of {@link #asOf the snapshot's time} (or the start of the current step, when that is
 * later), never of the moment of reading: every node draws the same bars for the same version and step,
 * so the page renders to the same bytes everywhere and is rendered once per step, not once per reader.
 * When PostgreSQL is down the last result is kept and the page still renders. Thread-safe.
 */
public final class PageHistory {
    private static final Logger log = LoggerFactory.getLogger(PageHistory.class);
    /** Days of ended incidents on the front page. */
    public static final int PAST_DAYS = 14;
    /** Most ended incidents on the front page; older ones are on the history page. */
    static final int PAST_LIMIT = 50;
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);
    /**
     * How often the bars move on by themselves between changes (a divisor of a day, so that every step
     * starts on the UTC day it belongs to): today's cell and the percentage count time up to the start of
     * the current step, so an outage still going on shows its hours within five minutes, and the page is
     * rendered at most once per step when nothing changes. Pages left open fetch the fresh bars as often.
     */
    public static final Duration STEP = Duration.ofMinutes(5);

    /**
     * @param asOf      the instant the bars and the list are drawn as of
     * @param bars      uptime bars by service id (a service missing here has no bar yet)
     * @param past      ended incidents, newest first, as PostgreSQL had them
     * @param available false when PostgreSQL could not be read and nothing was read before
     */
    public record Data(long version, Instant asOf, Map<String, UptimeBars.Bar> bars, List<Incident> past,
            boolean available) {
        static final Data NONE = new Data(-1, Instant.EPOCH, Map.of(), List.of(), false);

        /** Says which read this is: a page drawn from it is the same page wherever and whenever it is drawn. */
        public String tag() {
            return version + "@" + asOf.toEpochMilli();
        }
    }

    private final StatusStream status;
    private final Clock clock;
    private final PostgresBreaker breaker;
    private volatile Data data;
    private Instant failedAt;

    public PageHistory(StatusStream status, Clock clock, PostgresBreaker breaker) {
        this.status = status;
        this.clock = clock;
        this.breaker = breaker;
    }

    /**
     * The instant a page of {@code snapshot} is drawn as of at {@code now}: the snapshot's time, or the start
     * of the current {@link #STEP} (UTC, counted from midnight) when that is later. It changes only with the
     * version and once per step, and is the same on every node: a page is rendered once per version and
     * step, not once per reader, and the time an outage has lasted shows within a step without a change.
     */
    public static Instant asOf(Snapshot snapshot, Instant now) {
        long step = STEP.toMillis();
        Instant stepStart = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), step) * step);
        return snapshot.generatedAt().isAfter(stepStart) ? snapshot.generatedAt() : stepStart;
    }

    /** The history for {@code snapshot}, read again when the version or the step has changed. */
    public Data get(Snapshot snapshot) {
        Instant asOf = asOf(snapshot, clock.instant());
        Data known = data;
        if (known != null && known.version() == snapshot.version() && known.asOf().equals(asOf)) {
            return known;
        }
        return read(snapshot, asOf);
    }

    private synchronized Data read(Snapshot snapshot, Instant asOf) {
        Instant now = clock.instant();
        boolean fresh = data != null && data.version() == snapshot.version() && data.asOf().equals(asOf);
        boolean resting = failedAt != null && failedAt.plus(RETRY_AFTER_FAILURE).isAfter(now);
        if (fresh || resting) {
            return data == null ? Data.NONE : data;
        }
        try {
            data = breaker.read(() -> read(snapshot.version(), snapshot.services(), asOf));
            failedAt = null;
        } catch (StatusException e) {
            if (failedAt == null) {
                log.warn("cannot read the page's history, showing {}: {}",
                        data == null ? "none" : "what was read as of " + data.asOf(), e.getMessage());
            }
            failedAt = now;
        }
        return data == null ? Data.NONE : data;
    }

    private Data read(long version, List<Service> services, Instant asOf) {
        LocalDate day = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
        Instant barStart = UptimeBars.start(day);
        Map<String, UptimeBars.Bar> bars = new LinkedHashMap<>();
        for (Service service : services) {
            // to is exclusive: one past asOf takes in a status set at that very instant
            bars.put(service.id(), UptimeBars.compute(status.statusHistory(service.id(), barStart, asOf.plusMillis(1)), day,
                    asOf));
        }
        Instant since = asOf.minus(Duration.ofDays(PAST_DAYS));
        List<Incident> past = status.incidentsBefore(asOf.plusMillis(1), null, PAST_LIMIT * 2).stream()
                .filter(i -> !i.isOpen() && endedAt(i).isAfter(since))
                .limit(PAST_LIMIT)
                .toList();
        return new Data(version, asOf, bars, past, true);
    }

    /** When an ended incident ended (its resolution, else its last change). */
    static Instant endedAt(Incident incident) {
        return incident.resolvedAt() != null ? incident.resolvedAt() : incident.updatedAt();
    }
}
