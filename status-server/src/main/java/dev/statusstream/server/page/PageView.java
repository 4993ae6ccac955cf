package dev.statusstream.server.page;

import dev.statusstream.Incident;
import dev.statusstream.IncidentKind;
import dev.statusstream.IncidentUpdate;
import dev.statusstream.LocalizedText;
import dev.statusstream.Service;
import dev.statusstream.Snapshot;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the page template shows, resolved to one language: plain strings and lists, no logic left for
 * the template. Immutable.
 */
public record PageView(
        String lang,
        String title,
        String overall,
        String overallText,
        List<IncidentView> incidents,
        List<IncidentView> maintenance,
        List<IncidentView> recent,
        List<GroupView> groups,
        long version,
        Instant generatedAt,
        Map<String, String> text,
        Map<String, Object> script) {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** A service group (category) with its services. */
    public record GroupView(String name, List<ServiceView> services) {
    }

    public record ServiceView(String id, String label, String description, String status, String statusText, String summary,
            Instant since) {
    }

    public record IncidentView(String slug, String kind, String title, String impact, String impactText, String state,
            String stateText, String affects, Instant startedAt, Instant updatedAt, Instant scheduledFor,
            Instant scheduledUntil, List<UpdateView> updates) {
    }

    public record UpdateView(String state, String stateText, String body, Instant createdAt) {
    }

    /** Formats an instant for readers without JavaScript; the script rewrites it in the reader's zone. */
    public static String utc(Instant instant) {
        return instant == null ? "" : UTC.format(instant);
    }

    public String t(String key) {
        String value = text.get(key);
        return value == null ? key : value;
    }

    /**
     * @param lang       the reader's language (one we have messages for)
     * @param preferred  languages to pick operator text in, best first
     * @param fallback   the configured default language
     */
    public static PageView of(Snapshot snapshot, String lang, List<String> preferred, String fallback, Messages messages,
            Map<String, Object> scriptSettings) {
        Map<String, String> text = messages.all(lang);
        var resolver = new Resolver(preferred, fallback, text);
        Map<String, String> labels = snapshot.services().stream()
                .collect(Collectors.toMap(Service::id, s -> resolver.text(s.label()), (a, b) -> a, LinkedHashMap::new));

        List<IncidentView> open = new ArrayList<>();
        List<IncidentView> maintenance = new ArrayList<>();
        List<IncidentView> recent = new ArrayList<>();
        for (Incident incident : snapshot.incidents()) {
            IncidentView view = resolver.incident(incident, labels);
            if (!incident.isOpen()) {
                recent.add(view);
            } else if (incident.kind() == IncidentKind.MAINTENANCE) {
                maintenance.add(view);
            } else {
                open.add(view);
            }
        }

        Map<String, List<ServiceView>> grouped = new LinkedHashMap<>();
        for (Service s : snapshot.services()) {
            grouped.computeIfAbsent(s.category(), c -> new ArrayList<>()).add(new ServiceView(s.id(), labels.get(s.id()),
                    resolver.text(s.description()), s.status().wireName(), text.get("status." + s.status().wireName()),
                    resolver.text(s.statusSummary()), s.statusSince()));
        }
        List<GroupView> groups = grouped.entrySet().stream()
                .map(e -> new GroupView(e.getKey().isEmpty() ? text.get("services.ungrouped") : e.getKey(), e.getValue()))
                .toList();

        Map<String, Object> data = new LinkedHashMap<>(scriptSettings);
        data.put("lang", lang);
        data.put("preferred", preferred);
        data.put("fallback", fallback);
        data.put("version", snapshot.version());
        data.put("text", text);
        String label = snapshot.statusLabel().wireName();
        return new PageView(lang, text.get("page.title"), label, text.get("overall." + label), open, maintenance, recent,
                groups, snapshot.version(), snapshot.generatedAt(), text, data);
    }

    private record Resolver(List<String> preferred, String fallback, Map<String, String> text) {
        String text(LocalizedText value) {
            return value == null ? "" : value.resolve(preferred, fallback);
        }

        IncidentView incident(Incident i, Map<String, String> labels) {
            List<UpdateView> updates = i.updates().stream().map(this::update).toList();
            String affects = i.affectedServiceIds().stream().map(id -> labels.getOrDefault(id, id))
                    .collect(Collectors.joining(", "));
            return new IncidentView(i.slug(), i.kind().wireName(), text(i.title()), i.impact().wireName(),
                    text.get("status." + i.impact().wireName()), i.state().wireName(),
                    text.get("state." + i.state().wireName()), affects, i.startedAt(), i.updatedAt(), i.scheduledFor(),
                    i.scheduledUntil(), updates);
        }

        UpdateView update(IncidentUpdate u) {
            return new UpdateView(u.status().wireName(), text.get("state." + u.status().wireName()), text(u.body()),
                    u.createdAt());
        }
    }
}
