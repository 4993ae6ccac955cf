package dev.statusstream;

import java.util.List;

/**
 * Adds a service, {@code operational}: {@code POST /services} with
 * {@code {"id", "label", "category"?, "description"?, "position"?}}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param service the new service
 */
public record AddService(NewService service) implements Operation<Service> {
    static final OperationType<Service> TYPE = OperationType.<Service>withBody("addService", "POST", "/services",
            List.of("id", "label", "category", "description", "position"), true, 201, "service",
            AddService::read).locatedAt(service -> "/services/" + service.id())
            .replying(OperationReplies::service);

    /**
     * Checks that there is a service.
     *
     * @throws ValidationException naming {@code service} when it is null
     */
    public AddService {
        if (service == null) {
            throw new ValidationException("service", "is required");
        }
    }

    private static AddService read(OperationJson.Reader body) {
        return new AddService(new NewService(body.requiredString("id"), body.requiredText("label"), body.string("category"),
                body.text("description"), body.integer("position", 0, OperationJson.MAX_POSITION)));
    }

    @Override
    public OperationType<Service> type() {
        return TYPE;
    }

    @Override
    public String toJson() {
        return new OperationJson.Writer().put("id", service.id()).put("label", service.label())
                .put("category", service.category()).put("description", service.description())
                .put("position", service.position()).toString();
    }
}
