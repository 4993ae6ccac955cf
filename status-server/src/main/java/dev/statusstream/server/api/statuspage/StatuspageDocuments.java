package dev.statusstream.server.api.statuspage;

import dev.statusstream.Incident;
import dev.statusstream.IncidentKind;
import dev.statusstream.IncidentState;
import dev.statusstream.IncidentUpdate;
import dev.statusstream.LocalizedText;
import dev.statusstream.Service;
import dev.statusstream.Snapshot;
import dev.statusstream.server.api.PublicSite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Renders one snapshot as Statuspage v2 documents in one language, for one site. Services become components; each
 * non-empty category becomes a component group (status: its worst member). Stateless apart from its
 * configuration; thread-safe.
 */
final class StatuspageDocuments {
    private static final String TIME_ZONE = "Etc/UTC";
    private static final List<String> SEVERITY = List.of("operational", "under_maintenance", "degraded_performance",
            "partial_outage", "major_outage");

    private final String defaultLanguage;
    private final Function<Service, Instant> createdAt;

    /** @param createdAt when a service was added to the page */
    StatuspageDocuments(String defaultLanguage, Function<Service, Instant> createdAt) {
        this.defaultLanguage = defaultLanguage;
        this.createdAt = createdAt;
    }

    /** The parts of the documents that one snapshot in one language share. */
    final class View {
        private final Snapshot snapshot;
        private final String language;
        private final PublicSite site;
        private final String pageId;
        private final List<V2.Component> components;
        private final Map<String, V2.Component> byService = new LinkedHashMap<>();

        View(Snapshot snapshot, String language, PublicSite site) {
            this.snapshot = snapshot;
            this.language = language;
            this.site = site;
            this.pageId = site.id();
            this.components = components();
        }

        Snapshot snapshot() {
            return snapshot;
        }

        V2.Page page() {
            return new V2.Page(pageId, site.name(), site.url(), TIME_ZONE, snapshot.generatedAt());
        }

        V2.PageStatus status() {
            var indicator = StatuspageValues.indicator(snapshot.statusLabel(), snapshot.services());
            return new V2.PageStatus(indicator.indicator(), indicator.description());
        }

        List<V2.Component> componentList() {
            return components;
        }

        List<V2.Incident> incidents(List<Incident> incidents) {
            return incidents.stream().map(this::incident).toList();
        }

        /** Groups come right before their first member, members in page order. */
        private List<V2.Component> components() {
            Map<String, List<Service>> byCategory = snapshot.services().stream().filter(s -> !s.category().isEmpty())
                    .collect(Collectors.groupingBy(Service::category, LinkedHashMap::new, Collectors.toList()));
            List<V2.Component> result = new ArrayList<>();
            Set<String> placed = new HashSet<>();
            for (Service service : snapshot.services()) {
                String category = service.category();
                if (!category.isEmpty() && placed.add(category)) {
                    result.add(group(category, byCategory.get(category), result.size() + 1));
                }
                var component = new V2.Component(service.id(), text(service.label()),
                        StatuspageValues.componentStatus(service.status()), createdAt.apply(service), service.updatedAt(),
                        result.size() + 1, nullIfEmpty(text(service.description())), false, null,
                        category.isEmpty() ? null : groupId(category), pageId, false, false, null);
                result.add(component);
                byService.put(service.id(), component);
            }
            return List.copyOf(result);
        }

        private V2.Component group(String category, List<Service> members, int position) {
            String worst = members.stream().map(s -> StatuspageValues.componentStatus(s.status()))
                    .max(Comparator.comparingInt(SEVERITY::indexOf)).orElse(StatuspageValues.OPERATIONAL);
            Instant created = members.stream().map(createdAt).min(Comparator.naturalOrder()).orElseThrow();
            Instant updated = members.stream().map(Service::updatedAt).max(Comparator.naturalOrder()).orElseThrow();
            return new V2.Component(groupId(category), category, worst, created, updated, position, null, false, null,
                    null, pageId, true, false, members.stream().map(Service::id).toList());
        }

        private V2.Incident incident(Incident incident) {
            boolean maintenance = incident.kind() == IncidentKind.MAINTENANCE;
            List<V2.Component> affected = incident.affectedServiceIds().stream().map(byService::get)
                    .filter(Objects::nonNull).toList();
            return new V2.Incident(incident.id(), text(incident.title()), StatuspageValues.state(incident.state()),
                    incident.publishedAt(), incident.updatedAt(), monitoringAt(incident), incident.resolvedAt(),
                    StatuspageValues.impact(incident, byService.keySet()), site.link("/incidents/" + incident.slug()),
                    incident.startedAt(), pageId, updates(incident, affected), affected,
                    maintenance ? incident.scheduledFor() : null, maintenance ? incident.scheduledUntil() : null,
                    incident.postmortem() == null ? null : text(incident.postmortem().body()),
                    incident.postmortem() == null ? null : incident.postmortem().publishedAt(),
                    incident.postmortem() == null ? null : incident.postmortem().updatedAt());
        }

        /**
         * Updates newest first, as Statuspage lists them. Each names the components whose status the
         * incident's claim changed with it (from operational to its impact when it opens, back when it
         * ends), or null when it changed none, as Statuspage does.
         */
        private List<V2.Update> updates(Incident incident, List<V2.Component> affected) {
            List<IncidentUpdate> oldestFirst = new ArrayList<>(incident.updates());
            oldestFirst.sort(Comparator.comparing(IncidentUpdate::createdAt));
            List<V2.Update> result = new ArrayList<>();
            String claimed = StatuspageValues.OPERATIONAL;
            for (IncidentUpdate update : oldestFirst) {
                String now = StatuspageValues.claimedComponentStatus(incident, update.status());
                List<V2.AffectedComponent> changed = null;
                if (!now.equals(claimed) && !affected.isEmpty()) {
                    String before = claimed;
                    changed = affected.stream().map(c -> new V2.AffectedComponent(c.id(), c.name(), before, now)).toList();
                }
                claimed = now;
                result.add(0, new V2.Update(update.id(), StatuspageValues.state(update.status()), text(update.body()),
                        incident.id(), update.createdAt(), update.createdAt(), update.createdAt(), changed, false, null, null));
            }
            return result;
        }

        private String text(LocalizedText text) {
            return text.resolve(List.of(language), defaultLanguage);
        }
    }

    View view(Snapshot snapshot, String language, PublicSite site) {
        return new View(snapshot, language, site);
    }

    /** When the incident last moved to {@code monitoring}, or null. */
    private static Instant monitoringAt(Incident incident) {
        return incident.updates().stream().filter(u -> u.status() == IncidentState.MONITORING)
                .map(IncidentUpdate::createdAt).max(Comparator.naturalOrder()).orElse(null);
    }

    /** Stable for a category on every node; the underscore keeps it apart from every service id. */
    static String groupId(String category) {
        return "group_" + PublicSite.shortHash(category);
    }

    private static String nullIfEmpty(String text) {
        return text.isEmpty() ? null : text;
    }
}
