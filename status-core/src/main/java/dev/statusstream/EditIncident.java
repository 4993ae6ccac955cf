package dev.statusstream;

import java.util.List;

/**
 * Changes an incident's title, impact, affected services, texts or a maintenance's window without
 * posting an update: {@code PATCH /incidents/{slug}} with any of those fields; JSON null removes the
 * description, cause or external link.
 *
 * <p>Immutable and thread-safe.
 *
 * @param slug  the incident
 * @param patch what to change; null fields stay as they are
 */
public record EditIncident(String slug, IncidentPatch patch) implements Operation<Incident> {
    private static final List<String> REQUIRED_WHEN_GIVEN = List.of("title", "impact", "services", "estimatedResolveDate",
            "scheduledFor", "scheduledUntil");
    static final OperationType<Incident> TYPE = OperationType.withBody("editIncident", "PATCH", "/incidents/{slug}",
            List.of("title", "impact", "services", "description", "cause", "externalLink", "estimatedResolveDate",
                    "scheduledFor", "scheduledUntil"), true, 200, "incident", EditIncident::read)
            .replying(OperationReplies.as(Incident.class, "incident"))
            .identifiedBy(EditIncident::slug)
            .forResponders();

    /**
     * Checks the slug and that there is a patch.
     *
     * @throws ValidationException naming the bad field
     */
    public EditIncident {
        Incident.checkSlug(slug);
        if (patch == null) {
            throw new ValidationException("body", "names no field to change");
        }
    }

    private static EditIncident read(OperationJson.Reader body) {
        for (String field : REQUIRED_WHEN_GIVEN) {
            if (body.isNull(field)) {
                throw new ValidationException(field, "cannot be removed; give a new value");
            }
        }
        return new EditIncident(body.path("slug"), new IncidentPatch(body.text("title"), body.parsed("impact", Status::parse),
                body.strings("services"), body.text("description"), body.text("cause"),
                body.isNull("externalLink") ? "" : body.string("externalLink"), body.instant("estimatedResolveDate"),
                body.instant("scheduledFor"), body.instant("scheduledUntil")));
    }

    @Override
    public OperationType<Incident> type() {
        return TYPE;
    }


    @Override
    public String toJson() {
        IncidentPatch p = patch;
        return new OperationJson.Writer().put("title", p.title()).put("impact", p.impact()).put("services", p.serviceIds())
                .putOrRemove("description", p.description()).putOrRemove("cause", p.cause())
                .putOrRemove("externalLink", p.externalLink()).put("estimatedResolveDate", p.estimatedResolveDate())
                .put("scheduledFor", p.scheduledFor()).put("scheduledUntil", p.scheduledUntil()).toString();
    }
}
