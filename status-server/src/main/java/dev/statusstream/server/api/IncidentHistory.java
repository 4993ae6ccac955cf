package dev.statusstream.server.api;

import dev.statusstream.Incident;
import dev.statusstream.IncidentKind;
import dev.statusstream.Snapshot;
import dev.statusstream.StatusStream;
import java.time.Instant;
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
    private final Map<String, Read> reads = new ConcurrentHashMap<>();

    public IncidentHistory(StatusStream status) {
        this.status = status;
    }

    /**
     * The {@value #LIMIT} most recent incidents of {@code kind} (null: both kinds) as of {@code snapshot},
     * newest first, with all their updates.
     *
     * @throws dev.statusstream.UnavailableException when PostgreSQL cannot be read and nothing was read at this version
     */
    public List<Incident> recent(Snapshot snapshot, IncidentKind kind) {
        String key = kind == null ? "all" : kind.wireName();
        Read read = reads.get(key);
        if (read == null || read.version() < snapshot.version()) {
            read = new Read(snapshot.version(), status.incidentsBefore(FAR_FUTURE, kind, LIMIT));
            reads.merge(key, read, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
        }
        return read.incidents();
    }
}
