package dev.statusstream.server.api.feed;

import dev.statusstream.Incident;
import dev.statusstream.IncidentKind;
import dev.statusstream.IncidentUpdate;
import dev.statusstream.LocalizedText;
import dev.statusstream.Service;
import dev.statusstream.Snapshot;
import dev.statusstream.server.api.PublicSite;
import dev.statusstream.server.api.Markup;
import dev.statusstream.server.page.Messages;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One incident as a feed entry, in one language. The id is the incident's UUID, so it never changes;
 * {@code updated} is the incident's {@code updatedAt}, so readers see it again whenever it changes. The
 * content is a small HTML timeline in which every operator text is escaped. Immutable.
 */
record FeedEntry(String id, String title, String link, Instant published, Instant updated, String html) {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    static FeedEntry of(Incident incident, Snapshot snapshot, PublicSite site, Messages messages, String language,
            String defaultLanguage) {
        List<String> preferred = List.of(language);
        var html = new StringBuilder();
        if (incident.kind() == IncidentKind.MAINTENANCE) {
            html.append("<p>").append(Markup.escape(messages.get(language, "window"))).append(": ")
                    .append(WHEN.format(incident.scheduledFor())).append(" &#8211; ")
                    .append(WHEN.format(incident.scheduledUntil())).append("</p>");
        }
        List<String> affected = incident.affectedServiceIds().stream()
                .map(id -> snapshot.service(id).map(Service::label).map(l -> l.resolve(preferred, defaultLanguage)).orElse(null))
                .filter(Objects::nonNull).toList();
        if (!affected.isEmpty()) {
            html.append("<p>").append(Markup.escape(messages.get(language, "affects"))).append(": ")
                    .append(Markup.escape(String.join(", ", affected))).append("</p>");
        }
        for (IncidentUpdate update : incident.updates()) {
            html.append("<p><small>").append(WHEN.format(update.createdAt())).append("</small><br><strong>")
                    .append(Markup.escape(messages.get(language, "state." + update.status().wireName()))).append("</strong>");
            String body = update.body().resolve(preferred, defaultLanguage);
            if (!body.isEmpty()) {
                html.append(" &#8211; ").append(Markup.escape(body).replace("\n", "<br>"));
            }
            html.append("</p>");
        }
        Instant updated = incident.updatedAt();
        if (incident.postmortem() != null) {
            html.append("<h3>").append(Markup.escape(messages.get(language, "incident.postmortem"))).append("</h3>");
            for (String paragraph : incident.postmortem().body().resolve(preferred, defaultLanguage).split("\\r?\\n[ \\t]*\\r?\\n")) {
                if (!paragraph.isBlank()) {
                    html.append("<p>").append(Markup.escape(paragraph.strip()).replace("\n", "<br>")).append("</p>");
                }
            }
            if (incident.postmortem().updatedAt().isAfter(updated)) {
                updated = incident.postmortem().updatedAt();
            }
        }
        return new FeedEntry("urn:uuid:" + incident.id(), text(incident.title(), preferred, defaultLanguage),
                site.link("/incidents/" + incident.slug()), incident.publishedAt(), updated, html.toString());
    }

    /** When the entry last changed, for ordering. */
    Instant changedAt() {
        return updated;
    }

    private static String text(LocalizedText text, List<String> preferred, String defaultLanguage) {
        return text.resolve(preferred, defaultLanguage);
    }
}
