package dev.statusstream;

import java.util.List;

/**
 * Changes an incident template: {@code PATCH /templates/{name}} with any of {@code title}, {@code impact},
 * {@code body} and {@code services}; JSON null (or an empty text) removes the body. Incidents opened
 * from it stay as they are.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name       the template
 * @param title      a new title, or null to keep it
 * @param body       a new first update, or null to keep it (empty removes it)
 * @param impact     a new impact, or null to keep it
 * @param serviceIds new services, or null to keep them
 */
public record EditTemplate(String name, LocalizedText title, LocalizedText body, Status impact, List<String> serviceIds)
        implements Operation<IncidentTemplate> {
    static final OperationType<IncidentTemplate> TYPE = OperationType.withBody("editTemplate", "PATCH", "/templates/{template}",
            List.of("title", "impact", "body", "services"), true, 200, "template", EditTemplate::read)
            .replying(OperationReplies.as(IncidentTemplate.class, "template"))
            .identifiedBy(EditTemplate::name)
            .forResponders();

    /**
     * Checks the name, that something changes, and the new values that can be checked alone.
     *
     * @throws ValidationException naming the bad field
     */
    public EditTemplate {
        IncidentTemplate.checkName(name);
        if (title == null && body == null && impact == null && serviceIds == null) {
            throw new ValidationException("body", "names no field to change (title, impact, body, services)");
        }
        if (title != null && title.isEmpty()) {
            throw new ValidationException("title", "cannot be removed; give a new value");
        }
        if (serviceIds != null) {
            serviceIds = NewIncident.checkServiceIds(serviceIds);
        }
    }

    private static EditTemplate read(OperationJson.Reader body) {
        for (String field : List.of("title", "impact", "services")) {
            if (body.isNull(field)) {
                throw new ValidationException(field, "cannot be removed; give a new value");
            }
        }
        return new EditTemplate(body.path("template"), body.text("title"), body.text("body"), body.parsed("impact", Status::parse),
                body.strings("services"));
    }

    @Override
    public OperationType<IncidentTemplate> type() {
        return TYPE;
    }


    @Override
    public String toJson() {
        return new OperationJson.Writer().put("title", title).put("impact", impact).putOrRemove("body", body)
                .put("services", serviceIds).toString();
    }
}
