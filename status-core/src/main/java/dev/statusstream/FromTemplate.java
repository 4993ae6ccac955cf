package dev.statusstream;

import java.util.List;

/**
 * Opening an incident from an {@link IncidentTemplate}: its name, and what to say differently this time.
 * Every override may be null, keeping the template's value.
 *
 * <p>Immutable and thread-safe.
 *
 * @param template     the template's name
 * @param title        the headline instead of the template's
 * @param impact       the impact instead of the template's
 * @param serviceIds   the affected services instead of the template's
 * @param body         the first update instead of the template's
 * @param slug         the URL name; generated when null
 * @param description  a longer description
 * @param externalLink a link for details (http or https)
 */
public record FromTemplate(String template, LocalizedText title, Status impact, List<String> serviceIds,
        LocalizedText body, String slug, LocalizedText description, String externalLink) {

    /**
     * Checks the template name and the overrides that can be checked alone.
     *
     * @throws ValidationException naming the first bad field
     */
    public FromTemplate {
        try {
            IncidentTemplate.checkName(template);
        } catch (ValidationException e) {
            throw new ValidationException("template", e.reason());
        }
        if (serviceIds != null) {
            serviceIds = NewIncident.checkServiceIds(serviceIds);
        }
        if (slug != null) {
            Incident.checkSlug(slug);
        }
        if (externalLink != null) {
            NewIncident.checkLink(externalLink);
        }
    }

    /**
     * Opening the template as it is.
     *
     * @param template the template's name
     * @return the opening, with no override
     */
    public static FromTemplate of(String template) {
        return new FromTemplate(template, null, null, null, null, null, null, null);
    }

    /**
     * The incident to open: the template with these overrides.
     *
     * @param t the template named by {@link #template()}
     * @return the incident
     */
    public NewIncident fill(IncidentTemplate t) {
        return new NewIncident(title != null ? title : t.title(), impact != null ? impact : t.impact(),
                serviceIds != null ? serviceIds : t.serviceIds(), body != null ? body : t.body(), IncidentKind.INCIDENT,
                slug, null, null, description, null, externalLink, null);
    }
}
