package dev.statusstream;

/**
 * Takes an incident's postmortem off the page: {@code DELETE /incidents/{slug}/postmortem}, without a
 * body. Refused with {@link NotFoundException} when it has none.
 *
 * <p>Immutable and thread-safe.
 *
 * @param slug the incident
 */
public record RemovePostmortem(String slug) implements Operation<Incident> {
    static final OperationType<Incident> TYPE = OperationType.withoutBody("removePostmortem", "DELETE",
            "/incidents/{slug}/postmortem", 200, "incident", body -> new RemovePostmortem(body.path("slug")))
            .replying(OperationReplies.as(Incident.class, "incident"))
            .identifiedBy(RemovePostmortem::slug)
            .forResponders();

    /**
     * Checks the slug.
     *
     * @throws ValidationException naming {@code slug} when it is not an incident slug
     */
    public RemovePostmortem {
        Incident.checkSlug(slug);
    }

    @Override
    public OperationType<Incident> type() {
        return TYPE;
    }


    @Override
    public String toJson() {
        return null;
    }
}
