package dev.statusstream.server.api;

import dev.statusstream.Incident;
import dev.statusstream.IncidentKind;
import dev.statusstream.Snapshot;
import dev.statusstream.StatusStream;
import dev.statusstream.UnavailableException;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The most recent incidents (resolved ones too) for the feeds and the Statuspage-compatible history
 * endpoints. Read from PostgreSQL at most once per snapshot version and kind: every change advances the
 * version, so pollers cost no queries between changes, and a PostgreSQL outage does not take down what
 * was already read. Thread-safe.
 */
public final class IncidentHistory {
    /** How many incidents the history endpoints and feeds list (Statuspage lists 50). */
    public static final int LIMIT = 50;
    /** Later than any incident or maintenance window (PostgreSQL timestamps end in the year 294276). */
    private static final Instant FAR_FUTURE = Instant.parse("9999-12-31T00:00:00Z");

    private record Read(long version, List<Incident> incidents) {
    }

    private final StatusStream status;
    private final PostgresBreaker breaker;
    private final Map<String, Read> reads = new ConcurrentHashMap<>();

    public IncidentHistory(StatusStream status, PostgresBreaker breaker) {
        this.status = status;
        this.breaker = breaker;
    }

    /**
     * The {@value #LIMIT} most recent incidents of {@code kind} (null: both kinds) as of {@code snapshot},
     * newest first, with all their updates.
     *
     * <p>While PostgreSQL is unavailable, the last list read is brought up to date with the snapshot's
     * copies of the incidents it carries (newer than what was read, and any opened since), so readers
     * get an answer at once rather than an error.
     *
     * @throws dev.statusstream.UnavailableException when PostgreSQL cannot be read and nothing was ever read
     */
    public List<Incident> recent(Snapshot snapshot, IncidentKind kind) {
        String key = kind == null ? "all" : kind.wireName();
        Read read = reads.get(key);
        if (read == null || read.version() < snapshot.version()) {
            try {
                read = new Read(snapshot.version(), breaker.read(() -> status.incidentsBefore(FAR_FUTURE, kind, LIMIT)));
            } catch (UnavailableException e) {
                if (read == null) {
                    throw e;
                }
                return merged(read.incidents(), snapshot, kind);
            }
            reads.merge(key, read, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
        }
        return read.incidents();
    }

    /** {@code known} with the snapshot's copies of the incidents of {@code kind} put in, newest start first. */
    static List<Incident> merged(List<Incident> known, Snapshot snapshot, IncidentKind kind) {
        Map<String, Incident> bySlug = new LinkedHashMap<>();
        known.forEach(i -> bySlug.put(i.slug(), i));
        snapshot.incidents().stream().filter(i -> kind == null || i.kind() == kind).forEach(i -> bySlug.put(i.slug(), i));
        return bySlug.values().stream()
                .sorted(Comparator.comparing(IncidentHistory::start).reversed().thenComparing(Incident::id,
                        Comparator.reverseOrder()))
                .limit(LIMIT)
                .toList();
    }

    private static Instant start(Incident incident) {
        return incident.scheduledFor() != null ? incident.scheduledFor() : incident.startedAt();
    }
}
