package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An incident, or a scheduled maintenance ({@link IncidentKind#MAINTENANCE}) with its window.
 *
 * <p>Immutable and thread-safe. The JSON form is the incident object of the snapshot (SPEC section 2).
 * {@code updates} are newest first.
 */
@JsonPropertyOrder({"id", "slug", "kind", "incidentImpact", "state", "affectedServiceIds", "title", "description",
    "publishedAt", "startedAt", "updatedAt", "resolvedAt", "estimatedResolveDate", "scheduledFor", "scheduledUntil",
    "cause", "externalLink", "updates"})
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
        List<IncidentUpdate> updates) {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,79}");

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

    /** True until the incident is resolved or the maintenance completed. */
    public boolean isOpen() {
        return !state.isFinal();
    }

    /**
     * Checks an incident slug.
     *
     * @return the slug
     * @throws ValidationException when it is not a slug of 1 to 80 characters
     */
    public static String checkSlug(String slug) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw new ValidationException("slug", "'" + slug
                    + "' is not an incident slug (lowercase letters, digits and '-', at most 80)");
        }
        return slug;
    }
}
