package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A prepared incident: the title, first update and impact a responder starts from (and the services it
 * usually affects), so that opening a known kind of incident at night takes one command. Opening one
 * ({@link OpenIncident#fromTemplate}) copies it; later edits of the template change no incident.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name       its name, {@code [a-z0-9][a-z0-9-]{0,62}}, e.g. {@code db-failover}
 * @param title      the incident's headline
 * @param body       the first update's text; may be empty
 * @param impact     how bad such an incident is
 * @param serviceIds the services it usually affects; may be empty
 */
@JsonPropertyOrder({"name", "title", "body", "impact", "services"})
public record IncidentTemplate(String name, LocalizedText title, LocalizedText body, Status impact,
        @JsonProperty("services") List<String> serviceIds) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /**
     * Checks the fields that can be checked without the database; a null body becomes empty.
     *
     * @throws ValidationException naming the first bad field
     */
    public IncidentTemplate {
        checkName(name);
        if (title == null || title.isEmpty()) {
            throw new ValidationException("title", "is required");
        }
        if (impact == null) {
            throw new ValidationException("impact", "is required (degraded, outage, maintenance, operational or unknown)");
        }
        body = body == null ? LocalizedText.EMPTY : body;
        serviceIds = NewIncident.checkServiceIds(serviceIds == null ? List.of() : serviceIds);
    }

    /**
     * Checks a template name.
     *
     * @param name the name to check
     * @return the name
     * @throws ValidationException naming {@code name} when it is not lowercase letters, digits and '-', at most 63
     */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ValidationException("name", "'" + TextRules.abbreviate(name)
                    + "' is not a template name (lowercase letters, digits and '-', at most 63)");
        }
        return name;
    }

    /**
     * This template with the given values instead of its own; null keeps the template's.
     *
     * @param title      a new title, or null
     * @param body       a new first update, or null (empty removes it)
     * @param impact     a new impact, or null
     * @param serviceIds new services, or null
     * @return the changed template
     */
    public IncidentTemplate with(LocalizedText title, LocalizedText body, Status impact, List<String> serviceIds) {
        return new IncidentTemplate(name, Objects.requireNonNullElse(title, this.title), Objects.requireNonNullElse(body, this.body),
                Objects.requireNonNullElse(impact, this.impact), Objects.requireNonNullElse(serviceIds, this.serviceIds));
    }
}
