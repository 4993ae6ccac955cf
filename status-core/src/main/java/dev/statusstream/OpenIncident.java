package dev.statusstream;

import java.util.List;

/**
 * Opens an incident or schedules a maintenance: {@code POST /incidents} with
 * {@code {"title", "impact", "services", "body"?, "kind"?, "slug"?, "scheduledFor"?, "scheduledUntil"?,
 * "description"?, "cause"?, "externalLink"?, "estimatedResolveDate"?}}; a maintenance's impact defaults
 * to {@code maintenance}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param incident the incident or maintenance
 */
public record OpenIncident(NewIncident incident) implements Operation<Incident> {
    static final OperationType<Incident> TYPE = OperationType.<Incident>withBody("openIncident", "POST", "/incidents",
            List.of("title", "impact", "services", "body", "kind", "slug", "scheduledFor", "scheduledUntil", "description",
                    "cause", "externalLink", "estimatedResolveDate"), true, 201, "incident", OpenIncident::read)
            .locatedAt(incident -> "/incidents/" + incident.slug())
            .replying(OperationReplies.as(Incident.class, "incident"))
            .forResponders();

    /**
     * Checks that there is an incident.
     *
     * @throws ValidationException naming {@code incident} when it is null
     */
    public OpenIncident {
        if (incident == null) {
            throw new ValidationException("incident", "is required");
        }
    }

    private static OpenIncident read(OperationJson.Reader body) {
        IncidentKind kind = body.parsed("kind", IncidentKind::parse);
        Status impact = body.parsed("impact", Status::parse);
        if (impact == null && kind == IncidentKind.MAINTENANCE) {
            impact = Status.MAINTENANCE;
        }
        if (impact == null) {
            throw new ValidationException("impact", "is required (degraded, outage, maintenance, operational or unknown)");
        }
        LocalizedText cause = body.text("cause");
        return new OpenIncident(new NewIncident(body.requiredText("title"), impact, body.strings("services"),
                body.text("body"), kind, body.string("slug"), body.instant("scheduledFor"), body.instant("scheduledUntil"),
                body.text("description"), cause == null || cause.isEmpty() ? null : cause, body.string("externalLink"),
                body.instant("estimatedResolveDate")));
    }

    @Override
    public OperationType<Incident> type() {
        return TYPE;
    }

    @Override
    public String toJson() {
        NewIncident n = incident;
        return new OperationJson.Writer().put("title", n.title()).put("impact", n.impact()).put("services", n.serviceIds())
                .put("body", n.body()).put("kind", n.kind()).put("slug", n.slug()).put("scheduledFor", n.scheduledFor())
                .put("scheduledUntil", n.scheduledUntil()).put("description", n.description()).put("cause", n.cause())
                .put("externalLink", n.externalLink()).put("estimatedResolveDate", n.estimatedResolveDate()).toString();
    }
}
