package dev.statusstream;

import java.time.Instant;
import java.util.List;

/**
 * Changes to an incident's or maintenance's description, without posting an update: fixing a title,
 * adding an affected service, moving a maintenance window. A null field is left as it is; an empty
 * {@code description} or {@code cause} removes it, an empty {@code externalLink} removes the link.
 *
 * <p>Immutable and thread-safe. Validated against the incident when applied
 * ({@link StatusStream#editIncident}).
 *
 * @param title                the headline
 * @param impact               how bad it is
 * @param serviceIds           the affected services (replaces the list)
 * @param description          a longer description
 * @param cause                the cause
 * @param externalLink         a link for details (http or https)
 * @param estimatedResolveDate when the operator expects it to be over
 * @param scheduledFor         a maintenance's new start
 * @param scheduledUntil       a maintenance's new end
 */
public record IncidentPatch(
        LocalizedText title,
        Status impact,
        List<String> serviceIds,
        LocalizedText description,
        LocalizedText cause,
        String externalLink,
        Instant estimatedResolveDate,
        Instant scheduledFor,
        Instant scheduledUntil) {

    /**
     * Checks what can be checked without the incident: service ids (none twice), the link and the range
     * of the times ({@link StoredTime}).
     *
     * @throws ValidationException naming the first bad field
     */
    public IncidentPatch {
        if (serviceIds != null) {
            serviceIds = NewIncident.checkServiceIds(serviceIds);
        }
        if (externalLink != null && !externalLink.isEmpty()) {
            NewIncident.checkLink(externalLink);
        }
        estimatedResolveDate = StoredTime.stored("estimatedResolveDate", estimatedResolveDate);
        scheduledFor = StoredTime.stored("scheduledFor", scheduledFor);
        scheduledUntil = StoredTime.stored("scheduledUntil", scheduledUntil);
    }

    /**
     * Whether the patch changes nothing.
     *
     * @return true when every field is null
     */
    public boolean isEmpty() {
        return title == null && impact == null && serviceIds == null && description == null && cause == null
                && externalLink == null && estimatedResolveDate == null && scheduledFor == null && scheduledUntil == null;
    }

    /**
     * A patch that only moves a maintenance window.
     *
     * @param scheduledFor   the new start, or null to keep it
     * @param scheduledUntil the new end, or null to keep it
     * @return the patch
     */
    public static IncidentPatch window(Instant scheduledFor, Instant scheduledUntil) {
        return new IncidentPatch(null, null, null, null, null, null, null, scheduledFor, scheduledUntil);
    }
}
