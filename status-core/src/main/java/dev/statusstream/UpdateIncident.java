package dev.statusstream;

import java.util.List;

/**
 * Posts an update moving an incident to a state: {@code POST /incidents/{slug}/updates} with
 * {@code {"state", "body"}}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param slug  the incident
 * @param state the state it moves to (of the incident's kind)
 * @param body  what the operator says
 */
public record UpdateIncident(String slug, IncidentState state, LocalizedText body) implements Operation<Incident> {
    static final OperationType<Incident> TYPE = OperationType.withBody("updateIncident", "POST", "/incidents/{slug}/updates",
            List.of("state", "body"), true, 201, "incident", UpdateIncident::read)
            .replying(OperationReplies.as(Incident.class, "incident"))
            .identifiedBy(UpdateIncident::slug)
            .forResponders();

    /**
     * Checks the slug and that there is a state.
     *
     * @throws ValidationException naming the bad field
     */
    public UpdateIncident {
        Incident.checkSlug(slug);
        if (state == null) {
            throw new ValidationException("state", "is required");
        }
    }

    private static UpdateIncident read(OperationJson.Reader body) {
        return new UpdateIncident(body.path("slug"), body.parsed("state", IncidentState::parse), body.text("body"));
    }

    @Override
    public OperationType<Incident> type() {
        return TYPE;
    }


    @Override
    public String toJson() {
        return new OperationJson.Writer().put("state", state).put("body", body).toString();
    }
}
