package dev.statusstream;

/**
 * Deletes a service and its status history: {@code DELETE /services/{id}}, without a body. Its result is
 * the deleted service.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the service
 */
public record RemoveService(String id) implements Operation<Service> {
    static final OperationType<Service> TYPE = OperationType.withoutBody("removeService", "DELETE", "/services/{id}", 200,
            "service", body -> new RemoveService(body.path("id")))
            .replying(OperationReplies::service)
            .identifiedBy(RemoveService::id);

    /**
     * Checks the id.
     *
     * @throws ValidationException naming {@code id} when it is not a service id
     */
    public RemoveService {
        Service.checkId(id);
    }

    @Override
    public OperationType<Service> type() {
        return TYPE;
    }


    @Override
    public String toJson() {
        return null;
    }
}
