package dev.statusstream.server.notify;

import dev.statusstream.Incident;
import dev.statusstream.IncidentUpdate;
import dev.statusstream.LocalizedText;
import dev.statusstream.Notification;
import dev.statusstream.Service;
import dev.statusstream.server.api.PublicSite;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * What a chat message says about a notification: a headline, the latest text, and a link to the page.
 * The operators' texts are in the subscriber's language (or the default); the few fixed words are
 * English. Stateless.
 */
record ChatText(String headline, String body, String link, String color) {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    static ChatText of(Notification n, String language, String defaultLanguage, PublicSite site) {
        List<String> languages = List.of(language);
        if (n.incident() == null) {
            Service s = n.service();
            String summary = s.statusSummary() == null ? "" : text(s.statusSummary(), languages, defaultLanguage);
            return new ChatText(text(s.label(), languages, defaultLanguage) + " is " + s.status().wireName(), summary,
                    site.link("/"), color(s.status().wireName()));
        }
        Incident i = n.incident();
        String title = text(i.title(), languages, defaultLanguage);
        String latest = i.updates().isEmpty() ? "" : text(latest(i).body(), languages, defaultLanguage);
        String headline = switch (n.event()) {
            case INCIDENT_OPENED -> "Incident: " + title;
            case INCIDENT_UPDATED -> capitalized(i.state().wireName()) + ": " + title;
            case INCIDENT_RESOLVED -> "Resolved: " + title;
            case MAINTENANCE_SCHEDULED -> "Maintenance scheduled: " + title + " (" + window(i) + ")";
            case MAINTENANCE_REMINDER -> "Maintenance in " + minutes(Duration.between(n.createdAt(), i.scheduledFor()))
                    + ": " + title + " (" + window(i) + ")";
            case MAINTENANCE_UPDATED -> "Maintenance update: " + title;
            case MAINTENANCE_STARTED -> "Maintenance started: " + title;
            case MAINTENANCE_COMPLETED -> "Maintenance completed: " + title;
            case SERVICE_STATUS -> title;
            // only ever queued for email subscribers
            case SUBSCRIPTION_CONFIRM, SUBSCRIPTION_ALREADY -> throw new IllegalArgumentException(n.event() + " is not sent to chat");
        };
        String color = switch (n.event()) {
            case INCIDENT_RESOLVED, MAINTENANCE_COMPLETED -> "good";
            case INCIDENT_OPENED, INCIDENT_UPDATED -> color(i.impact().wireName());
            default -> "maintenance";
        };
        return new ChatText(headline, latest, site.link("/incidents/" + i.slug()), color);
    }

    private static IncidentUpdate latest(Incident i) {
        return i.updates().getFirst();
    }

    private static String window(Incident i) {
        if (i.scheduledFor() == null) {
            return "";
        }
        return WHEN.format(i.scheduledFor()) + (i.scheduledUntil() == null ? "" : " to " + WHEN.format(i.scheduledUntil()));
    }

    private static String minutes(Duration d) {
        long m = Math.max(1, Math.round(d.toSeconds() / 60.0));
        return m >= 120 ? (m / 60) + " hours" : m + " minutes";
    }

    private static String color(String status) {
        return switch (status) {
            case "operational" -> "good";
            case "degraded" -> "warning";
            case "maintenance" -> "maintenance";
            default -> "danger";
        };
    }

    private static String capitalized(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static String text(LocalizedText text, List<String> languages, String fallback) {
        return text.resolve(languages, fallback);
    }
}
