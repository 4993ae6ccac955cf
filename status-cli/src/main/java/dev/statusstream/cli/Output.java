package dev.statusstream.cli;

import dev.statusstream.Branding;
import dev.statusstream.Change;
import dev.statusstream.IncidentTemplate;
import dev.statusstream.Incident;
import dev.statusstream.IncidentKind;
import dev.statusstream.IncidentUpdate;
import dev.statusstream.LocalizedText;
import dev.statusstream.Publication;
import dev.statusstream.AddedMonitor;
import dev.statusstream.Control;
import dev.statusstream.Monitor;
import dev.statusstream.NewMonitor;
import dev.statusstream.Service;
import dev.statusstream.ServiceControl;
import dev.statusstream.Snapshot;
import dev.statusstream.Subscriber;
import dev.statusstream.SubscriberKind;
import dev.statusstream.internal.Json;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints results: short human lines and tables, or JSON with {@code --json}. */
final class Output {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final PrintWriter out;
    private final boolean json;
    private final String language;

    private final String linkBase;

    Output(PrintWriter out, boolean json, String language) {
        this(out, json, language, "http://localhost:8080");
    }

    /** @param linkBase where the console is reached: one-time links start with it */
    Output(PrintWriter out, boolean json, String language, String linkBase) {
        this.out = out;
        this.json = json;
        this.language = language;
        this.linkBase = linkBase.endsWith("/") ? linkBase.substring(0, linkBase.length() - 1) : linkBase;
    }

    PrintWriter writer() {
        return out;
    }

    boolean json() {
        return json;
    }

    String linkBase() {
        return linkBase;
    }

    void printJsonObject(Object... keysAndValues) {
        printJson(keysAndValues);
    }

    /** One changed service: {@code verb} says what happened to it. */
    void service(Change<Service> change, String verb) {
        if (json) {
            printJson("version", change.version(), "service", change.value());
            return;
        }
        Service s = change.value();
        switch (verb) {
            case "added" -> out.printf("added %s \"%s\" (version %d)%n", s.id(), text(s.label()), change.version());
            case "set" -> out.printf("%s is %s%s (version %d)%n", s.id(), s.status(), quoted(s.statusSummary(), ": "),
                    change.version());
            default -> out.printf("%s %s (version %d)%n", verb, s.id(), change.version());
        }
    }

    /** How many subscribers a removal deleted (0 or 1): nothing about them is printed. */
    void removedSubscribers(Change<Integer> change) {
        if (json) {
            printJson("removed", change.value());
            return;
        }
        out.println(change.value() == 0 ? "no subscriber with that address (nothing kept about it)"
                : "removed the subscriber, its choices and its deliveries");
    }

    void control(Change<ServiceControl> change) {
        if (json) {
            printJson("version", change.version(), "control", change.value());
            return;
        }
        ServiceControl c = change.value();
        out.printf("%s is %s: %s%n", c.serviceId(), c.control(), c.control() == Control.AUTOMATIC
                ? "its monitors and alerts set its status (it stays " + c.status() + " until one reports)"
                : "its status stays as set by hand");
    }

    void monitorAdded(Change<AddedMonitor> change) {
        if (json) {
            printJson("version", change.version(), "monitor", change.value());
            return;
        }
        Monitor m = change.value().monitor();
        out.printf("added %s to %s%n", m.name(), m.serviceId());
        if (change.value().pushToken() != null) {
            String base = linkBase;
            out.printf("push URL (shown once; POST or GET it at least every %s%s):%n%s%s%n", NewMonitor.format(m.interval()),
                    m.grace().isZero() ? "" : " + " + NewMonitor.format(m.grace()) + " grace", base, change.value().pushPath());
        }
    }

    void monitor(Change<Monitor> change, String verb) {
        if (json) {
            printJson("version", change.version(), "monitor", change.value());
            return;
        }
        out.printf("%s %s%n", verb, change.value().name());
    }

    void monitors(List<Monitor> monitors, int limit) {
        if (json) {
            printJson("monitors", monitors, "next", monitors.size() == limit ? monitors.getLast().name() : null);
            return;
        }
        for (Monitor m : monitors) {
            String what = switch (m.kind()) {
                case HEARTBEAT -> "heartbeat every " + NewMonitor.format(m.interval())
                        + (m.grace().isZero() ? "" : " + " + NewMonitor.format(m.grace()));
                case HTTP, TCP -> m.kind().wireName() + " " + m.target() + " every " + NewMonitor.format(m.interval());
            };
            out.printf("%-24s %-16s %-8s %s%s%n", m.name(), m.serviceId(), m.paused() ? "paused" : m.state().wireName(), what,
                    m.cause() == null ? "" : " (" + m.cause() + ")");
        }
        if (monitors.size() == limit) {
            out.printf("more: status monitor list --after %s%n", monitors.getLast().name());
        }
    }

    void order(Change<List<Service>> change) {
        if (json) {
            printJson("version", change.version(), "services", change.value());
            return;
        }
        out.printf("order: %s (version %d)%n", String.join(", ", change.value().stream().map(Service::id).toList()),
                change.version());
    }

    /** Prints the slug alone, so that {@code slug=$(status incident open ...)} works. */
    void opened(Change<Incident> change) {
        if (json) {
            printJson("version", change.version(), "incident", change.value());
        } else {
            out.println(change.value().slug());
        }
    }

    void incident(Change<Incident> change) {
        if (json) {
            printJson("version", change.version(), "incident", change.value());
            return;
        }
        Incident i = change.value();
        out.printf("%s is %s%s (version %d)%n", i.slug(), i.state(),
                i.kind() == IncidentKind.MAINTENANCE ? ", " + window(i) : "", change.version());
    }

    void template(Change<IncidentTemplate> change, String verb) {
        if (json) {
            printJson("version", change.version(), "template", change.value());
            return;
        }
        out.printf("%s template %s \"%s\"%n", verb, change.value().name(), text(change.value().title()));
    }

    void templates(List<IncidentTemplate> templates) {
        if (json) {
            printJson("templates", templates);
            return;
        }
        if (templates.isEmpty()) {
            out.println("No templates yet. Add one: status template add db-failover --title \"Database failover\" --impact degraded");
            return;
        }
        table(List.of("TEMPLATE", "IMPACT", "SERVICES", "TITLE"), templates.stream()
                .map(t -> List.of(t.name(), t.impact().wireName(), String.join(",", t.serviceIds()), text(t.title())))
                .toList());
    }

    void show(IncidentTemplate t) {
        if (json) {
            printJson("template", t);
            return;
        }
        out.printf("template %s \"%s\"%n", t.name(), text(t.title()));
        out.printf("  impact       %s%n", t.impact());
        out.printf("  services     %s%n", t.serviceIds().isEmpty() ? "(none)" : String.join(", ", t.serviceIds()));
        out.printf("  title        %s%n", languages(t.title()));
        if (!t.body().isEmpty()) {
            out.printf("  body         %s%n", languages(t.body()));
        }
    }

    void postmortem(Change<Incident> change, String verb) {
        if (json) {
            printJson("version", change.version(), "incident", change.value());
            return;
        }
        out.printf("%s the postmortem of %s (version %d)%n", verb, change.value().slug(), change.version());
    }

    void branding(Change<Branding> change) {
        if (json) {
            printJson("version", change.version(), "branding", change.value());
            return;
        }
        out.printf("branding set (version %d)%n", change.version());
        brandingLines(change.value());
    }

    void branding(Snapshot snapshot) {
        if (json) {
            printJson("version", snapshot.version(), "branding", snapshot.branding());
            return;
        }
        brandingLines(snapshot.branding());
    }

    private void brandingLines(Branding b) {
        out.printf("  name         %s%n", b.name() == null ? "(the configured one)" : b.name());
        out.printf("  accent       %s%n", b.accentColor() == null ? "(none)" : b.accentColor() + " with text " + b.accentTextColor());
        out.printf("  logo         %s%n", b.logo() == null ? "(none)" : b.logo().contentType() + " /branding/logo/" + b.logo().sha256());
        out.printf("  home page    %s%n", b.homeUrl() == null ? "(none)" : b.homeUrl());
        out.printf("  support      %s%n", b.supportUrl() == null ? "(none)" : b.supportUrl());
    }

    /** Says where the version went: an operator must not read "published" when only PostgreSQL heard of it. */
    void published(Publication p) {
        if (json) {
            printJson("version", p.version(), "publication", p);
            return;
        }
        switch (p.redis()) {
            case PUBLISHED -> out.printf("published version %d to Redis and PostgreSQL%n", p.version());
            case NOT_CONFIGURED -> out.printf("announced version %d through PostgreSQL (no Redis configured)%n", p.version());
            case FAILED -> out.printf("announced version %d through PostgreSQL only%n", p.version());
        }
    }

    void list(Snapshot snapshot) {
        if (json) {
            out.println(snapshot.toJson());
            return;
        }
        out.printf("Overall: %s (version %d)%n%n", snapshot.statusLabel(), snapshot.version());
        if (snapshot.services().isEmpty()) {
            out.println("No services yet. Add one: status service add api --label \"Public API\"");
        } else {
            table(List.of("SERVICE", "STATUS", "SINCE", "SUMMARY"), snapshot.services().stream()
                    .map(s -> List.of(s.id(), s.status().wireName(), time(s.statusSince()), text(s.statusSummary())))
                    .toList());
        }
        if (!snapshot.incidents().isEmpty()) {
            out.println();
            table(List.of("INCIDENT", "KIND", "STATE", "IMPACT", "TITLE"), snapshot.incidents().stream()
                    .map(i -> List.of(i.slug(), i.kind().wireName(), i.state().wireName(), i.impact().wireName(),
                            text(i.title())))
                    .toList());
        }
    }

    void show(Service s) {
        if (json) {
            printJson("service", s);
            return;
        }
        out.printf("service %s \"%s\"%s%n", s.id(), text(s.label()), s.category().isEmpty() ? "" : " in " + s.category());
        out.printf("  status       %s since %s%s%n", s.status(), time(s.statusSince()), quoted(s.statusSummary(), ": "));
        out.printf("  label        %s%n", languages(s.label()));
        if (!s.description().isEmpty()) {
            out.printf("  description  %s%n", languages(s.description()));
        }
        out.printf("  position     %d%n  updated      %s%n", s.position(), time(s.updatedAt()));
    }

    void show(Incident i) {
        if (json) {
            printJson("incident", i);
            return;
        }
        out.printf("%s %s \"%s\"%n", i.kind(), i.slug(), text(i.title()));
        out.printf("  state        %s (impact %s)%n", i.state(), i.impact());
        out.printf("  services     %s%n", i.affectedServiceIds().isEmpty() ? "(none)" : String.join(", ", i.affectedServiceIds()));
        if (i.kind() == IncidentKind.MAINTENANCE) {
            out.printf("  window       %s%n", window(i));
        } else {
            out.printf("  started      %s%n", time(i.startedAt()));
        }
        if (i.resolvedAt() != null) {
            out.printf("  ended        %s%n", time(i.resolvedAt()));
        }
        out.printf("  title        %s%n", languages(i.title()));
        if (i.cause() != null && !i.cause().isEmpty()) {
            out.printf("  cause        %s%n", languages(i.cause()));
        }
        if (i.externalLink() != null) {
            out.printf("  link         %s%n", i.externalLink());
        }
        out.println("  updates (newest first):");
        for (IncidentUpdate u : i.updates()) {
            out.printf("    %s  %-13s %s%n", time(u.createdAt()), u.status(), text(u.body()));
        }
    }

    /** One line of {@code watch}, or the snapshot as one JSON line. */
    void watched(Snapshot snapshot, List<String> lines) {
        if (json) {
            out.println(snapshot.toJson());
        } else {
            lines.forEach(out::println);
        }
        out.flush();
    }

    /** A subscriber just added: its id, and its signing secret, shown this once. */
    void subscriberAdded(Change<Subscriber> change) {
        if (json) {
            printJson("version", change.version(), "subscriber", change.value());
            return;
        }
        Subscriber s = change.value();
        out.printf("added %s subscriber %s%n", s.kind(), s.id());
        if (s.secret() != null && s.kind() == SubscriberKind.WEBHOOK) {
            out.printf("signing secret (shown once; keep it where the receiver can read it): %s%n", s.secret());
        }
    }

    void subscriberRemoved(Change<Subscriber> change) {
        if (json) {
            printJson("version", change.version(), "subscriber", change.value());
            return;
        }
        out.printf("removed %s subscriber %s and its deliveries%n", change.value().kind(), change.value().id());
    }

    /** Up to {@code limit} of {@code page}; one more than that means there is a next page. */
    void subscribers(List<Subscriber> page, int limit) {
        boolean more = page.size() > limit;
        List<Subscriber> shown = more ? page.subList(0, limit) : page;
        String next = more ? shown.getLast().id() : null;
        if (json) {
            printJson("subscribers", shown, "next", next);
            return;
        }
        if (shown.isEmpty()) {
            out.println("No subscribers. Add a webhook: status subscriber add --kind webhook --url https://example.com/hooks/status");
            return;
        }
        table(List.of("ID", "KIND", "STATE", "SERVICES", "SINCE", "TARGET"), shown.stream()
                .map(s -> List.of(s.id(), s.kind().wireName(), s.state().wireName() + (s.failingSince() == null ? "" : " (failing)"),
                        s.services().isEmpty() ? "all" : String.join(",", s.services()) + (s.serviceChanges() ? " +changes" : ""),
                        time(s.createdAt()), s.target()))
                .toList());
        if (next != null) {
            out.printf("%nmore: status subscriber list --after %s%n", next);
        }
    }

    private void table(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        printRow(header, widths);
        rows.forEach(row -> printRow(row, widths));
    }

    private void printRow(List<String> cells, int[] widths) {
        var line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            line.append(c == cells.size() - 1 ? cells.get(c) : String.format("%-" + widths[c] + "s  ", cells.get(c)));
        }
        out.println(line.toString().stripTrailing());
    }

    private void printJson(Object... keysAndValues) {
        Map<Object, Object> ordered = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            ordered.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        out.println(Json.write(ordered));
    }

    private String text(LocalizedText value) {
        return value == null ? "" : value.resolve(List.of(language), language);
    }

    private String quoted(LocalizedText value, String prefix) {
        String text = text(value);
        return text.isEmpty() ? "" : prefix + text;
    }

    private static String languages(LocalizedText value) {
        var parts = new StringBuilder();
        value.values().forEach((lang, text) -> parts.append(parts.isEmpty() ? "" : ", ").append(lang).append(" \"").append(text).append('"'));
        return parts.toString();
    }

    static String window(Incident i) {
        return i.scheduledFor() == null ? "" : time(i.scheduledFor()) + " to " + time(i.scheduledUntil());
    }

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }
}
