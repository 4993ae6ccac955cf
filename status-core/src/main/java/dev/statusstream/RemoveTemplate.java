package dev.statusstream;

/**
 * Deletes an incident template: {@code DELETE /templates/{name}}, without a body. Its result is the
 * deleted template; incidents opened from it stay as they are.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the template
 */
public record RemoveTemplate(String name) implements Operation<IncidentTemplate> {
    static final OperationType<IncidentTemplate> TYPE = OperationType.withoutBody("removeTemplate", "DELETE",
            "/templates/{template}", 200, "template", body -> new RemoveTemplate(body.path("template")))
            .replying(OperationReplies.as(IncidentTemplate.class, "template"))
            .identifiedBy(RemoveTemplate::name)
            .forResponders();

    /**
     * Checks the name.
     *
     * @throws ValidationException naming {@code name} when it is not a template name
     */
    public RemoveTemplate {
        IncidentTemplate.checkName(name);
    }

    @Override
    public OperationType<IncidentTemplate> type() {
        return TYPE;
    }


    @Override
    public String toJson() {
        return null;
    }
}
