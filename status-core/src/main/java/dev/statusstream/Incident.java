package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An incident, or a scheduled maintenance ({@link IncidentKind#MAINTENANCE}) with its window.
 *
 * <p>Immutable and thread-safe. The JSON form is the incident object of the snapshot as {@code GET /api/status} serves it.
 *
 * @param id                   a UUID, stable for the incident's life
 * @param slug                 the URL name, {@code [a-z0-9][a-z0-9-]{0,79}}, e.g. {@code 2026-11-27-api-latency}
 * @param kind                 incident or maintenance
 * @param impact               how bad it is ({@code incidentImpact} in JSON)
 * @param state                where it stands now
 * @param affectedServiceIds   the services it affects
 * @param title                the headline
 * @param description          more about it; may be empty
 * @param publishedAt          when it was posted
 * @param startedAt            when it began (the window start for a maintenance)
 * @param updatedAt            when it last changed
 * @param resolvedAt           when it ended, or null while open
 * @param estimatedResolveDate when it is expected to end, or null
 * @param scheduledFor         maintenance window start, or null for an incident
 * @param scheduledUntil       maintenance window end, or null for an incident
 * @param cause                what caused it, or null
 * @param externalLink         an http(s) link for more, or null
 * @param updates              the updates posted, newest first
 * @param postmortem           what was written about it once it was over, or null
 */
@JsonPropertyOrder({"id", "slug", "kind", "incidentImpact", "state", "affectedServiceIds", "title", "description",
    "publishedAt", "startedAt", "updatedAt", "resolvedAt", "estimatedResolveDate", "scheduledFor", "scheduledUntil",
    "cause", "externalLink", "updates", "postmortem"})
public record Incident(
        String id,
        String slug,
        IncidentKind kind,
        @JsonProperty("incidentImpact") Status impact,
        IncidentState state,
        List<String> affectedServiceIds,
        LocalizedText title,
        LocalizedText description,
        Instant publishedAt,
        Instant startedAt,
        Instant updatedAt,
        Instant resolvedAt,
        Instant estimatedResolveDate,
        Instant scheduledFor,
        Instant scheduledUntil,
        LocalizedText cause,
        String externalLink,
        List<IncidentUpdate> updates,
        Postmortem postmortem) {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,79}");

    /**
     * Checks the fields; null lists and texts become empty.
     *
     * @throws ValidationException when the slug is malformed
     * @throws NullPointerException naming a missing required field
     */
    public Incident {
        Objects.requireNonNull(id, "id");
        checkSlug(slug);
        kind = kind == null ? IncidentKind.INCIDENT : kind;
        Objects.requireNonNull(impact, "incidentImpact");
        Objects.requireNonNull(state, "state");
        affectedServiceIds = affectedServiceIds == null ? List.of() : List.copyOf(affectedServiceIds);
        Objects.requireNonNull(title, "title");
        description = description == null ? LocalizedText.EMPTY : description;
        Objects.requireNonNull(publishedAt, "publishedAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        updates = updates == null ? List.of() : List.copyOf(updates);
    }

    /**
     * An incident without a postmortem.
     *
     * @param id                   a UUID
     * @param slug                 the URL name
     * @param kind                 incident or maintenance
     * @param impact               how bad it is
     * @param state                where it stands now
     * @param affectedServiceIds   the services it affects
     * @param title                the headline
     * @param description          more about it
     * @param publishedAt          when it was posted
     * @param startedAt            when it began
     * @param updatedAt            when it last changed
     * @param resolvedAt           when it ended, or null
     * @param estimatedResolveDate when it is expected to end, or null
     * @param scheduledFor         maintenance window start, or null
     * @param scheduledUntil       maintenance window end, or null
     * @param cause                what caused it, or null
     * @param externalLink         a link for more, or null
     * @param updates              the updates posted, newest first
     */
    public Incident(String id, String slug, IncidentKind kind, Status impact, IncidentState state,
            List<String> affectedServiceIds, LocalizedText title, LocalizedText description, Instant publishedAt,
            Instant startedAt, Instant updatedAt, Instant resolvedAt, Instant estimatedResolveDate, Instant scheduledFor,
            Instant scheduledUntil, LocalizedText cause, String externalLink, List<IncidentUpdate> updates) {
        this(id, slug, kind, impact, state, affectedServiceIds, title, description, publishedAt, startedAt, updatedAt,
                resolvedAt, estimatedResolveDate, scheduledFor, scheduledUntil, cause, externalLink, updates, null);
    }

    /**
     * This incident with another postmortem.
     *
     * @param postmortem the postmortem, or null for none
     * @return the same incident with it
     */
    public Incident withPostmortem(Postmortem postmortem) {
        return new Incident(id, slug, kind, impact, state, affectedServiceIds, title, description, publishedAt, startedAt,
                updatedAt, resolvedAt, estimatedResolveDate, scheduledFor, scheduledUntil, cause, externalLink, updates,
                postmortem);
    }

    /**
     * Whether it is still going on (or, for a maintenance, still to come).
     *
     * @return true until the incident is resolved or the maintenance completed
     */
    @JsonIgnore
    public boolean isOpen() {
        return !state.isFinal();
    }

    static boolean isSlug(String slug) {
        return SLUG.matcher(slug).matches();
    }

    /**
     * Checks an incident slug.
     *
     * @param slug the slug to check
     * @return the slug
     * @throws ValidationException when it is not a slug of 1 to 80 characters
     */
    public static String checkSlug(String slug) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw new ValidationException("slug", "'" + TextRules.abbreviate(slug)
                    + "' is not an incident slug (lowercase letters, digits and '-', at most 80)");
        }
        return slug;
    }
}
