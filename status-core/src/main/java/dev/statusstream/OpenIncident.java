package dev.statusstream;

import java.util.List;

/**
 * Opens an incident or schedules a maintenance: {@code POST /incidents} with
 * {@code {"title", "impact", "services", "body"?, "kind"?, "slug"?, "scheduledFor"?, "scheduledUntil"?,
 * "description"?, "cause"?, "externalLink"?, "estimatedResolveDate"?}}; a maintenance's impact defaults
 * to {@code maintenance}. With {@code "template": NAME} it opens an incident from that
 * {@link IncidentTemplate}: title, impact, services and body then default to the template's, and only
 * {@code slug}, {@code description} and {@code externalLink} may be added.
 *
 * <p>Immutable and thread-safe.
 *
 * @param incident     the incident or maintenance; null when opened from a template
 * @param fromTemplate the template to open and its overrides; null when {@code incident} is given
 */
public record OpenIncident(NewIncident incident, FromTemplate fromTemplate) implements Operation<Incident> {
    static final OperationType<Incident> TYPE = OperationType.<Incident>withBody("openIncident", "POST", "/incidents",
            List.of("title", "impact", "services", "body", "kind", "slug", "scheduledFor", "scheduledUntil", "description",
                    "cause", "externalLink", "estimatedResolveDate", "template"), true, 201, "incident", OpenIncident::read)
            .locatedAt(incident -> "/incidents/" + incident.slug())
            .replying(OperationReplies.as(Incident.class, "incident"))
            .forResponders();
    /** What a template does not carry, so an opening from one cannot take. */
    private static final List<String> NOT_WITH_TEMPLATE = List.of("kind", "scheduledFor", "scheduledUntil", "cause",
            "estimatedResolveDate");

    /**
     * Checks that exactly one of the incident and the template is given.
     *
     * @throws ValidationException naming {@code incident} when neither or both are
     */
    public OpenIncident {
        if ((incident == null) == (fromTemplate == null)) {
            throw new ValidationException("incident", incident == null ? "is required (or a template)"
                    : "cannot be given together with a template");
        }
    }

    /**
     * Opens this incident or schedules this maintenance.
     *
     * @param incident the incident or maintenance
     */
    public OpenIncident(NewIncident incident) {
        this(incident, null);
    }

    /**
     * Opens an incident from a template.
     *
     * @param fromTemplate the template's name and what to say differently
     * @return the operation
     */
    public static OpenIncident fromTemplate(FromTemplate fromTemplate) {
        return new OpenIncident(null, fromTemplate);
    }

    private static OpenIncident read(OperationJson.Reader body) {
        String template = body.string("template");
        if (template != null) {
            for (String field : NOT_WITH_TEMPLATE) {
                if (body.has(field)) {
                    throw new ValidationException(field, "cannot be given with a template");
                }
            }
            return fromTemplate(new FromTemplate(template, nonEmpty(body.text("title")), body.parsed("impact", Status::parse),
                    body.strings("services"), body.text("body"), body.string("slug"), body.text("description"),
                    body.string("externalLink")));
        }
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

    private static LocalizedText nonEmpty(LocalizedText text) {
        if (text != null && text.isEmpty()) {
            throw new ValidationException("title", "must not be empty");
        }
        return text;
    }

    @Override
    public String toJson() {
        if (fromTemplate != null) {
            FromTemplate f = fromTemplate;
            return new OperationJson.Writer().put("template", f.template()).put("title", f.title()).put("impact", f.impact())
                    .put("services", f.serviceIds()).put("body", f.body()).put("slug", f.slug())
                    .put("description", f.description()).put("externalLink", f.externalLink()).toString();
        }
        NewIncident n = incident;
        return new OperationJson.Writer().put("title", n.title()).put("impact", n.impact()).put("services", n.serviceIds())
                .put("body", n.body()).put("kind", n.kind()).put("slug", n.slug()).put("scheduledFor", n.scheduledFor())
                .put("scheduledUntil", n.scheduledUntil()).put("description", n.description()).put("cause", n.cause())
                .put("externalLink", n.externalLink()).put("estimatedResolveDate", n.estimatedResolveDate()).toString();
    }
}
