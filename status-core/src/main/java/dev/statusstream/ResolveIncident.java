package dev.statusstream;

import java.util.List;

/**
 * Resolves an incident or completes a maintenance: {@code POST /incidents/{slug}/resolve} with
 * {@code {"body"?}} (the body may be left out altogether).
 *
 * <p>Immutable and thread-safe.
 *
 * @param slug the incident
 * @param body the closing update's text, or null for none
 */
public record ResolveIncident(String slug, LocalizedText body) implements Operation<Incident> {
    static final OperationType<Incident> TYPE = OperationType.withBody("resolveIncident", "POST", "/incidents/{slug}/resolve",
            List.of("body"), false, 200, "incident", ResolveIncident::read)
            .replying(OperationReplies.as(Incident.class, "incident"))
            .identifiedBy(ResolveIncident::slug)
            .forResponders();

    /**
     * Checks the slug.
     *
     * @throws ValidationException naming {@code slug} when it is not an incident slug
     */
    public ResolveIncident {
        Incident.checkSlug(slug);
    }

    private static ResolveIncident read(OperationJson.Reader body) {
        return new ResolveIncident(body.path("slug"), body.text("body"));
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
