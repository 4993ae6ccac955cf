package dev.statusstream;

import java.util.List;

/**
 * Publishes or replaces the postmortem of a resolved incident or completed maintenance:
 * {@code PUT /incidents/{slug}/postmortem} with {@code {"body"}}. An incident still open is refused
 * ({@link ConflictException}): a postmortem comes after the end. It is a change of the page, which
 * shows it at once.
 *
 * <p>Immutable and thread-safe.
 *
 * @param slug the incident
 * @param body the postmortem's text, at most {@value Postmortem#MAX_BODY} characters per language
 */
public record SetPostmortem(String slug, LocalizedText body) implements Operation<Incident> {
    static final OperationType<Incident> TYPE = OperationType.withBody("setPostmortem", "PUT", "/incidents/{slug}/postmortem",
            List.of("body"), true, 200, "incident", SetPostmortem::read)
            .replying(OperationReplies.as(Incident.class, "incident"))
            .identifiedBy(SetPostmortem::slug)
            .forResponders();

    /**
     * Checks the slug and that there is a text.
     *
     * @throws ValidationException naming the bad field
     */
    public SetPostmortem {
        Incident.checkSlug(slug);
        if (body == null || body.isEmpty()) {
            throw new ValidationException("body", "is required (to remove a postmortem, delete it)");
        }
    }

    private static SetPostmortem read(OperationJson.Reader body) {
        return new SetPostmortem(body.path("slug"), body.requiredText("body"));
    }

    @Override
    public OperationType<Incident> type() {
        return TYPE;
    }


    @Override
    public String toJson() {
        return new OperationJson.Writer().put("body", body).toString();
    }
}
