package dev.statusstream.cli;

import dev.statusstream.Incident;
import dev.statusstream.IncidentKind;
import dev.statusstream.IncidentUpdate;
import dev.statusstream.LocalizedText;
import dev.statusstream.Service;
import dev.statusstream.Snapshot;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What {@code status watch} prints: the difference between two snapshots as readable lines, each
 * starting with the time and version of the newer one, e.g.
 * {@code 09:14:02  v42  api: operational -> degraded "Elevated latency"}.
 */
final class ChangeLines {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final String language;

    ChangeLines(String language) {
        this.language = language;
    }

    /** The line for the first snapshot seen: where the page stands. */
    String connected(Snapshot s, String source) {
        long open = s.incidents().stream().filter(Incident::isOpen).count();
        return prefix(s) + "watching " + source + ": overall " + s.statusLabel() + ", " + s.services().size() + " services, "
                + open + " open incidents or maintenance";
    }

    /** The line for a new version with no change this view shows (a description edited, say). */
    String quiet(Snapshot s) {
        return prefix(s) + "changed details not shown here (status show has them)";
    }

    /** One line per change from {@code before} to {@code after}; empty when nothing visible changed. */
    List<String> between(Snapshot before, Snapshot after) {
        List<String> lines = new ArrayList<>();
        Map<String, Service> oldServices = index(before.services(), Service::id);
        Map<String, Service> newServices = index(after.services(), Service::id);
        for (Service s : after.services()) {
            Service old = oldServices.get(s.id());
            if (old == null) {
                lines.add("service " + s.id() + " added: " + quote(s.label()) + " (" + s.status() + ")");
            } else {
                service(old, s, lines);
            }
        }
        oldServices.keySet().stream().filter(id -> !newServices.containsKey(id)).forEach(id -> lines.add("service " + id + " removed"));
        List<String> oldOrder = before.services().stream().map(Service::id).filter(newServices::containsKey).toList();
        List<String> newOrder = after.services().stream().map(Service::id).filter(oldServices::containsKey).toList();
        if (!oldOrder.equals(newOrder)) {
            lines.add("services reordered: " + String.join(", ", after.services().stream().map(Service::id).toList()));
        }
        Map<String, Incident> oldIncidents = index(before.incidents(), Incident::slug);
        for (Incident i : after.incidents()) {
            incident(oldIncidents.get(i.slug()), i, lines);
        }
        if (before.statusLabel() != after.statusLabel()) {
            lines.add("overall: " + before.statusLabel() + " -> " + after.statusLabel());
        }
        String prefix = prefix(after);
        return lines.stream().map(line -> prefix + line).toList();
    }

    private void service(Service old, Service s, List<String> lines) {
        if (old.status() != s.status()) {
            lines.add(s.id() + ": " + old.status() + " -> " + s.status() + summary(s));
        } else if (!old.statusSummary().equals(s.statusSummary())) {
            lines.add(s.id() + ": " + s.status() + (s.statusSummary().isEmpty() ? ", summary removed" : summary(s)));
        }
        if (!old.label().equals(s.label())) {
            lines.add(s.id() + ": renamed " + quote(old.label()) + " -> " + quote(s.label()));
        }
        if (!old.category().equals(s.category()) || !old.description().equals(s.description())) {
            lines.add(s.id() + ": category or description changed");
        }
    }

    private void incident(Incident old, Incident i, List<String> lines) {
        String name = i.kind() + " " + i.slug();
        if (old == null) {
            String opened = i.kind() == IncidentKind.MAINTENANCE ? " scheduled " + Output.window(i) + ": " : " opened: ";
            lines.add(name + opened + quote(i.title()) + " (" + i.impact() + services(i) + ")" + latest(i, null));
            return;
        }
        if (!newestUpdateId(old).equals(newestUpdateId(i))) {
            String verb = i.state().isFinal() && old.isOpen() ? " " + i.state() : ": " + i.state();
            lines.add(name + verb + latest(i, ""));
        } else if (old.state() != i.state()) {
            lines.add(name + ": " + old.state() + " -> " + i.state());
        }
        if (!old.title().equals(i.title())) {
            lines.add(name + ": retitled " + quote(i.title()));
        }
        if (!Objects.equals(old.scheduledFor(), i.scheduledFor()) || !Objects.equals(old.scheduledUntil(), i.scheduledUntil())) {
            lines.add(name + ": moved to " + Output.window(i));
        }
        if (!old.affectedServiceIds().equals(i.affectedServiceIds()) || old.impact() != i.impact()) {
            lines.add(name + ": now " + i.impact() + services(i));
        }
    }

    /** The newest update's text, after {@code separator} (" " + state + ": " when null). */
    private String latest(Incident i, String separator) {
        if (i.updates().isEmpty()) {
            return "";
        }
        IncidentUpdate u = i.updates().get(0);
        String body = text(u.body());
        if (separator == null) {
            return " " + u.status() + (body.isEmpty() ? "" : ": " + body);
        }
        return body.isEmpty() ? "" : ": " + body;
    }

    private static String newestUpdateId(Incident i) {
        return i.updates().isEmpty() ? "" : i.updates().get(0).id();
    }

    private String summary(Service s) {
        return s.statusSummary().isEmpty() ? "" : " " + quote(s.statusSummary());
    }

    private static String services(Incident i) {
        return i.affectedServiceIds().isEmpty() ? "" : "; " + String.join(", ", i.affectedServiceIds());
    }

    private String quote(LocalizedText text) {
        return "\"" + text(text) + "\"";
    }

    private String text(LocalizedText text) {
        return text == null ? "" : text.resolve(List.of(language), language);
    }

    private static String prefix(Snapshot s) {
        return CLOCK.format(s.generatedAt()) + "  v" + s.version() + "  ";
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.toMap(key, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }
}
