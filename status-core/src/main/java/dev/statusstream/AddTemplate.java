package dev.statusstream;

import java.util.List;

/**
 * Saves a new incident template: {@code POST /templates} with
 * {@code {"name", "title", "impact", "body"?, "services"?}}. A template changes nothing readers see, so
 * it makes no new version. A name already taken is refused ({@link ConflictException}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param template the template
 */
public record AddTemplate(IncidentTemplate template) implements Operation<IncidentTemplate> {
    static final OperationType<IncidentTemplate> TYPE = OperationType.<IncidentTemplate>withBody("addTemplate", "POST",
            "/templates", List.of("name", "title", "impact", "body", "services"), true, 201, "template", AddTemplate::read)
            .locatedAt(t -> "/templates/" + t.name())
            .replying(OperationReplies.as(IncidentTemplate.class, "template"))
            .forResponders();

    /**
     * Checks that there is a template.
     *
     * @throws ValidationException naming {@code template} when it is null
     */
    public AddTemplate {
        if (template == null) {
            throw new ValidationException("template", "is required");
        }
    }

    private static AddTemplate read(OperationJson.Reader body) {
        return new AddTemplate(new IncidentTemplate(body.requiredString("name"), body.requiredText("title"),
                body.text("body"), body.parsed("impact", Status::parse), body.strings("services")));
    }

    @Override
    public OperationType<IncidentTemplate> type() {
        return TYPE;
    }

    @Override
    public String toJson() {
        IncidentTemplate t = template;
        return new OperationJson.Writer().put("name", t.name()).put("title", t.title()).put("impact", t.impact())
                .put("body", t.body().isEmpty() ? null : t.body()).put("services", t.serviceIds()).toString();
    }
}
