package dev.statusstream.server.page;

import dev.statusstream.Incident;
import dev.statusstream.IncidentUpdate;
import dev.statusstream.LocalizedText;
import dev.statusstream.CheckHour;
import dev.statusstream.Service;
import dev.statusstream.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The records the templates show, resolved to one reader's language: plain strings, no logic left for the
 * templates. The page script builds the same markup from a snapshot (status.js); keep the two in step.
 */
public final class Views {
    private final PageText text;
    private final Map<String, String> labels;

    /** @param labels service names by id, in the reader's language (for "Affects: ...") */
    public Views(PageText text, Map<String, String> labels) {
        this.text = text;
        this.labels = labels;
    }

    /** A service group (a category) with its services, in page order. */
    public record GroupView(String name, List<ServiceView> services) {
    }

    public record ServiceView(String id, String label, String description, String status, String statusText, String summary,
            Instant since, UptimeView uptime, ChartView chart) {
    }

    /** A response-time chart: the SVG's polylines and the words that say what they show. */
    public record ChartView(String id, String title, String summary, String caption, List<String> segments) {
    }

    /** @param percent the uptime text, e.g. "99.95% uptime over 90 days" (the whole bar, also where a phone shows only its last 30 days); empty without data */
    public record UptimeView(String label, String percent, List<DayView> days) {
    }

    /** @param status the day's worst status, or {@code none} */
    public record DayView(String date, String status, String dateText, String statusText, String detail, boolean today) {
        /**
         * The day's words in one attribute, a line each (date, status, and the detail when there is one):
         * the browser's own tooltip without JavaScript, and what status.js turns into the cell's tip. 720
         * cells carry their words this way in about half the bytes of the tip's markup.
         */
        public String title() {
            return dateText + "\n" + statusText + (detail.isEmpty() ? "" : "\n" + detail);
        }
    }

    /**
     * @param postmortem   the postmortem's paragraphs; empty without one
     * @param postmortemAt when the postmortem was published, or null
     */
    public record IncidentView(String slug, String kind, String title, String description, String cause, String link,
            String impact, String impactText, String state, String stateText, boolean over, String affects,
            Instant startedAt, Instant resolvedAt, Instant estimatedResolve, Instant scheduledFor, Instant scheduledUntil,
            List<UpdateView> updates, List<String> postmortem, Instant postmortemAt) {
    }

    public record UpdateView(String id, String state, String stateText, String body, Instant createdAt) {
    }

    public String text(LocalizedText value) {
        return value == null ? "" : value.resolve(text.preferred(), text.fallback());
    }

    public IncidentView incident(Incident i) {
        String affects = i.affectedServiceIds().stream().map(id -> labels.getOrDefault(id, id))
                .collect(Collectors.joining(", "));
        List<UpdateView> updates = i.updates().stream().map(this::update).toList();
        return new IncidentView(i.slug(), i.kind().wireName(), text(i.title()), text(i.description()), text(i.cause()),
                safeLink(i.externalLink()), i.impact().wireName(), text.t("status." + i.impact().wireName()),
                i.state().wireName(), text.t("state." + i.state().wireName()), !i.isOpen(), affects, i.startedAt(),
                i.resolvedAt(), i.estimatedResolveDate(), i.scheduledFor(), i.scheduledUntil(), updates,
                i.postmortem() == null ? List.of() : paragraphs(text(i.postmortem().body())),
                i.postmortem() == null ? null : i.postmortem().publishedAt());
    }

    /**
     * A postmortem's paragraphs: text between blank lines, each shown as text (line breaks kept by the
     * style sheet), never as markup. status.js splits the same way.
     */
    static List<String> paragraphs(String text) {
        return java.util.Arrays.stream(text.split("\\r?\\n[ \\t]*\\r?\\n")).map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    private UpdateView update(IncidentUpdate u) {
        return new UpdateView(u.id(), u.status().wireName(), text.t("state." + u.status().wireName()), text(u.body()),
                u.createdAt());
    }

    /** The services grouped by category, in the order they first appear. */
    public List<GroupView> groups(List<Service> services, Map<String, UptimeBars.Bar> bars) {
        return groups(services, bars, Map.of(), null);
    }

    /**
     * The services grouped by category, with the response-time chart and the uptime from checks of
     * those that have checks.
     */
    public List<GroupView> groups(List<Service> services, Map<String, UptimeBars.Bar> bars, Map<String, List<CheckHour>> checks,
            Instant asOf) {
        Map<String, List<ServiceView>> grouped = new LinkedHashMap<>();
        for (Service s : services) {
            String name = s.category().isEmpty() ? text.t("services.ungrouped") : s.category();
            String label = labels.getOrDefault(s.id(), s.id());
            UptimeBars.Bar bar = bars.get(s.id());
            grouped.computeIfAbsent(name, n -> new ArrayList<>()).add(new ServiceView(s.id(), label, text(s.description()),
                    s.status().wireName(), text.t("status." + s.status().wireName()), text(s.statusSummary()),
                    s.statusSince(), bar == null ? null : uptime(label, bar, checks.getOrDefault(s.id(), List.of())),
                    chart(s.id(), label, checks.getOrDefault(s.id(), List.of()), asOf)));
        }
        return grouped.entrySet().stream().map(e -> new GroupView(e.getKey(), List.copyOf(e.getValue()))).toList();
    }

    private ChartView chart(String id, String label, List<CheckHour> hours, Instant asOf) {
        ResponseChart.Chart chart = hours.isEmpty() || asOf == null ? null : ResponseChart.of(hours, asOf);
        if (chart == null) {
            return null;
        }
        return new ChartView(id, text.t("chart.title", label),
                text.t("chart.summary", Long.toString(chart.meanMs()), Long.toString(chart.maxMs()), Integer.toString(chart.runs()),
                        Integer.toString(chart.failures())),
                text.t("chart.caption", Long.toString(chart.meanMs()), Integer.toString(chart.runs()), Integer.toString(chart.failures()),
                        PageText.utc(asOf)),
                chart.segments());
    }

    private UptimeView uptime(String label, UptimeBars.Bar bar, List<CheckHour> checks) {
        LocalDate today = bar.days().getLast().date();
        List<DayView> days = bar.days().stream().map(day -> {
            String status = day.worst() == null ? "none" : day.worst().wireName();
            String statusText = day.worst() == null ? text.t("uptime.noData") : text.t("status." + status);
            return new DayView(day.date().toString(), status, text.date(day.date()), statusText, detail(day),
                    day.date().equals(today));
        }).toList();
        String percent = bar.percent();
        // the span the data covers: a service added last week has no 90 days to report on
        LocalDate first = bar.days().stream().filter(day -> day.worst() != null).map(UptimeBars.Day::date).findFirst().orElse(today);
        // where the service has checks, its uptime is the share of them that succeeded since the first
        String fromChecks = ResponseChart.percent(checks);
        if (fromChecks != null) {
            LocalDate firstCheck = LocalDate.ofInstant(checks.getFirst().hour(), java.time.ZoneOffset.UTC);
            return new UptimeView(text.t("uptime.label", label), firstCheck.equals(bar.days().getFirst().date())
                    ? text.t("uptime.percentChecks", fromChecks, UptimeBars.DAYS)
                    : text.t("uptime.percentChecksSince", fromChecks, text.date(firstCheck)), days);
        }
        String uptime = percent == null ? ""
                : first.equals(bar.days().getFirst().date()) ? text.t("uptime.percent", percent, UptimeBars.DAYS)
                : text.t("uptime.percentSince", percent, text.date(first));
        return new UptimeView(text.t("uptime.label", label), uptime, days);
    }

    /** How long each non-operational status lasted that day, most severe first: "Outage 2 h 5 min · Degraded 30 min". */
    private String detail(UptimeBars.Day day) {
        List<String> parts = new ArrayList<>();
        for (Status status : UptimeBars.SEVERITY.reversed()) {
            Duration time = day.time().get(status);
            if (status != Status.OPERATIONAL && time != null) {
                parts.add(text.t("status." + status.wireName()) + " " + text.duration(time));
            }
        }
        return String.join(" · ", parts);
    }

    /** An operator's link, only if it is plain http(s): never a {@code javascript:} URL in an href. */
    static String safeLink(String link) {
        if (link == null) {
            return "";
        }
        String lower = link.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://") ? link.strip() : "";
    }
}
