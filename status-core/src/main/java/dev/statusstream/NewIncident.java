package dev.statusstream;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;

/**
 * An incident to open, or a maintenance to schedule ({@code kind = maintenance} with a window).
 *
 * <p>Immutable and thread-safe. Optional fields may be null.
 *
 * @param title                the headline (required)
 * @param impact               how bad it is (required); a maintenance usually has {@code maintenance}
 * @param serviceIds           the affected services (existing ids; may be empty: an incident about
 *                             something that is not one of the page's services)
 * @param body                 the first update's text
 * @param kind                 incident (default) or maintenance
 * @param slug                 the URL name; generated from the date and title when null
 * @param scheduledFor         maintenance window start (required for maintenance); every time is
 *                             within {@link StoredTime}'s range
 * @param scheduledUntil       maintenance window end (required for maintenance, after the start)
 * @param description          a longer description
 * @param cause                the cause, when known
 * @param externalLink         a link for details (http or https)
 * @param estimatedResolveDate when the operator expects it to be over
 */
public record NewIncident(
        LocalizedText title,
        Status impact,
        List<String> serviceIds,
        LocalizedText body,
        IncidentKind kind,
        String slug,
        Instant scheduledFor,
        Instant scheduledUntil,
        LocalizedText description,
        LocalizedText cause,
        String externalLink,
        Instant estimatedResolveDate) {

    /**
     * Checks the fields that can be checked without the database.
     *
     * @throws ValidationException naming the first bad field
     */
    public NewIncident {
        if (title == null) {
            throw new ValidationException("title", "is required");
        }
        if (impact == null) {
            throw new ValidationException("impact", "is required");
        }
        scheduledFor = StoredTime.stored("scheduledFor", scheduledFor);
        scheduledUntil = StoredTime.stored("scheduledUntil", scheduledUntil);
        estimatedResolveDate = StoredTime.stored("estimatedResolveDate", estimatedResolveDate);
        serviceIds = checkServiceIds(serviceIds == null ? List.of() : serviceIds);
        kind = kind == null ? IncidentKind.INCIDENT : kind;
        if (slug != null) {
            Incident.checkSlug(slug);
        }
        if (kind == IncidentKind.MAINTENANCE) {
            if (scheduledFor == null) {
                throw new ValidationException("scheduledFor", "is required for a maintenance");
            }
            if (scheduledUntil == null) {
                throw new ValidationException("scheduledUntil", "is required for a maintenance");
            }
            if (!scheduledUntil.isAfter(scheduledFor)) {
                throw new ValidationException("scheduledUntil", "must be after scheduledFor (" + scheduledFor + ")");
            }
        } else if (scheduledFor != null || scheduledUntil != null) {
            throw new ValidationException(scheduledFor != null ? "scheduledFor" : "scheduledUntil",
                    "is only allowed for kind maintenance");
        }
        if (externalLink != null) {
            checkLink(externalLink);
        }
    }

    /** Checks affected service ids: each a service id, none twice. Returns an unmodifiable copy. */
    static List<String> checkServiceIds(List<String> serviceIds) {
        var seen = new HashSet<String>();
        for (int i = 0; i < serviceIds.size(); i++) {
            String field = "services[" + i + "]";
            try {
                Service.checkId(serviceIds.get(i));
            } catch (ValidationException e) {
                throw new ValidationException(field, e.reason());
            }
            if (!seen.add(serviceIds.get(i))) {
                throw new ValidationException(field, "'" + serviceIds.get(i) + "' is listed twice");
            }
        }
        return List.copyOf(serviceIds);
    }

    static void checkLink(String externalLink) {
        if (!externalLink.matches("https?://[^\\s\\p{Cntrl}]{1,2000}") || TextRules.unstorable(externalLink) != null) {
            throw new ValidationException("externalLink", "must be an http:// or https:// URL without spaces");
        }
    }

    /**
     * An incident with a title, an impact and the affected services.
     *
     * @param title      the headline
     * @param impact     how bad it is
     * @param serviceIds the affected services
     * @param body       the first update's text, or null
     * @return the incident to open
     */
    public static NewIncident incident(LocalizedText title, Status impact, List<String> serviceIds, LocalizedText body) {
        return new NewIncident(title, impact, serviceIds, body, IncidentKind.INCIDENT, null, null, null, null, null, null, null);
    }

    /**
     * A maintenance window for the given services.
     *
     * @param title          the headline
     * @param serviceIds     the affected services
     * @param body           the first update's text, or null
     * @param scheduledFor   the window start
     * @param scheduledUntil the window end, after the start
     * @return the maintenance to schedule
     */
    public static NewIncident maintenance(LocalizedText title, List<String> serviceIds, LocalizedText body,
            Instant scheduledFor, Instant scheduledUntil) {
        return new NewIncident(title, Status.MAINTENANCE, serviceIds, body, IncidentKind.MAINTENANCE, null,
                scheduledFor, scheduledUntil, null, null, null, null);
    }
}
