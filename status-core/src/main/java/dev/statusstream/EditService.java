package dev.statusstream;

import java.util.List;

/**
 * Changes a service's label, category, description or position: {@code PATCH /services/{id}} with any
 * of those fields; JSON null removes the category or description.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id    the service
 * @param patch what to change; null fields are kept
 */
public record EditService(String id, ServicePatch patch) implements Operation<Service> {
    static final OperationType<Service> TYPE = OperationType.withBody("editService", "PATCH", "/services/{id}",
            List.of("label", "category", "description", "position"), true, 200, "service", EditService::read)
            .replying(OperationReplies::service)
            .identifiedBy(EditService::id);

    /**
     * Checks the id and that there is a patch.
     *
     * @throws ValidationException naming the bad field
     */
    public EditService {
        Service.checkId(id);
        if (patch == null) {
            throw new ValidationException("body", "names no field to change (label, category, description, position)");
        }
    }

    private static EditService read(OperationJson.Reader body) {
        if (body.isNull("label")) {
            throw new ValidationException("label", "cannot be removed; a service always has a label");
        }
        if (body.isNull("position")) {
            throw new ValidationException("position", "cannot be removed; give a number");
        }
        return new EditService(body.path("id"), new ServicePatch(body.text("label"),
                body.isNull("category") ? "" : body.string("category"), body.text("description"),
                body.integer("position", 0, OperationJson.MAX_POSITION)));
    }

    @Override
    public OperationType<Service> type() {
        return TYPE;
    }


    @Override
    public String toJson() {
        return new OperationJson.Writer().put("label", patch.label()).putOrRemove("category", patch.category())
                .putOrRemove("description", patch.description()).put("position", patch.position()).toString();
    }
}
