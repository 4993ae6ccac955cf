package dev.statusstream.server.page;

import dev.statusstream.Incident;
import dev.statusstream.IncidentKind;
import dev.statusstream.Service;
import dev.statusstream.Snapshot;
import dev.statusstream.Status;
import dev.statusstream.StatusLabel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The front page for one reader: what {@code index.jte} shows, and what the script needs to keep it live.
 * Immutable.
 *
 * @param incidents   open incidents, newest first (the snapshot's order, which status.js keeps too)
 * @param maintenance maintenance not yet completed: in progress, then upcoming, soonest first (likewise)
 * @param past        incidents and maintenance that ended in the last {@value PageHistory#PAST_DAYS} days
 * @param history     false when the uptime bars and past incidents could not be read
 * @param script      the script's settings and data (serialised into the page)
 */
public record PageView(
        PageText text,
        String overall,
        String overallText,
        List<Views.IncidentView> incidents,
        List<Views.IncidentView> maintenance,
        List<Views.IncidentView> past,
        List<Views.GroupView> groups,
        long version,
        Instant generatedAt,
        boolean history,
        Map<String, Object> script) {

    /** Sorts ended incidents newest first: by window start (maintenance) or start, then slug. status.js sorts alike. */
    static final Comparator<Incident> NEWEST_FIRST = Comparator
            .comparing((Incident i) -> i.scheduledFor() != null ? i.scheduledFor() : i.startedAt()).reversed()
            .thenComparing(Incident::slug);

    public static PageView of(Snapshot snapshot, PageHistory.Data history, PageText text, Instant now,
            Map<String, Object> settings) {
        Views views = new Views(text, labels(snapshot.services(), text));

        List<Views.IncidentView> open = new ArrayList<>();
        List<Views.IncidentView> maintenance = new ArrayList<>();
        for (Incident incident : snapshot.incidents()) {
            if (incident.isOpen()) {
                (incident.kind() == IncidentKind.MAINTENANCE ? maintenance : open).add(views.incident(incident));
            }
        }
        List<Incident> ended = past(snapshot, history, now);

        Map<String, Object> data = new LinkedHashMap<>(settings);
        data.put("lang", text.lang());
        data.put("preferred", text.preferred());
        data.put("fallback", text.fallback());
        data.put("version", snapshot.version());
        data.put("text", text.messages());
        data.put("severity", UptimeBars.SEVERITY.stream().map(Status::wireName).toList());
        data.put("pastDays", PageHistory.PAST_DAYS);
        data.put("pastLimit", PageHistory.PAST_LIMIT);
        data.put("barsEvery", PageHistory.STEP.toMillis());
        data.put("past", ended);
        String label = snapshot.statusLabel().wireName();
        return new PageView(text, label, text.t(overallKey(snapshot)), open, maintenance,
                ended.stream().map(views::incident).toList(), views.groups(snapshot.services(), history.bars()),
                snapshot.version(), snapshot.generatedAt(), history.available(), data);
    }

    /**
     * The message key of the banner's words: those of the status label, except that an outage of some
     * but not all services is a partial outage, as the Statuspage API's indicator says ({@code major}
     * against {@code critical}). status.js chooses the same way.
     */
    public static String overallKey(Snapshot snapshot) {
        if (snapshot.statusLabel() == StatusLabel.OUTAGE
                && !snapshot.services().stream().allMatch(s -> s.status() == Status.OUTAGE)) {
            return "overall.partialOutage";
        }
        return "overall." + snapshot.statusLabel().wireName();
    }

    /**
     * Ended incidents of the last days: those read from PostgreSQL, overridden by the snapshot's copies (which
     * may be newer), newest first. status.js merges the same way.
     */
    static List<Incident> past(Snapshot snapshot, PageHistory.Data history, Instant now) {
        Map<String, Incident> bySlug = new LinkedHashMap<>();
        history.past().forEach(i -> bySlug.put(i.slug(), i));
        snapshot.incidents().forEach(i -> bySlug.put(i.slug(), i));
        Instant since = now.minus(Duration.ofDays(PageHistory.PAST_DAYS));
        return bySlug.values().stream()
                .filter(i -> !i.isOpen() && PageHistory.endedAt(i).isAfter(since))
                .sorted(NEWEST_FIRST)
                .limit(PageHistory.PAST_LIMIT)
                .toList();
    }

    /** Service names by id in the reader's language. */
    public static Map<String, String> labels(List<Service> services, PageText text) {
        Views bare = new Views(text, Map.of());
        Map<String, String> labels = new LinkedHashMap<>();
        services.forEach(s -> labels.put(s.id(), bare.text(s.label())));
        return labels;
    }
}
