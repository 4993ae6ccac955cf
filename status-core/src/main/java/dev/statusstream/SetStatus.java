package dev.statusstream;

import java.util.List;

/**
 * Sets a service's status with an optional summary: {@code PUT /services/{id}/status} with
 * {@code {"status", "summary"?}}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param serviceId the service
 * @param status    the new status
 * @param summary   a short reason, or null or empty for none
 */
public record SetStatus(String serviceId, Status status, LocalizedText summary) implements Operation<Service> {
    static final OperationType<Service> TYPE = OperationType.withBody("setStatus", "PUT", "/services/{id}/status",
            List.of("status", "summary"), true, 200, "service", SetStatus::read)
            .replying(OperationReplies::service)
            .identifiedBy(SetStatus::serviceId)
            .forResponders();

    /**
     * Checks the id and that there is a status.
     *
     * @throws ValidationException naming the bad field
     */
    public SetStatus {
        Service.checkId(serviceId);
        if (status == null) {
            throw new ValidationException("status", "is required (operational, degraded, outage, maintenance or unknown)");
        }
    }

    private static SetStatus read(OperationJson.Reader body) {
        return new SetStatus(body.path("id"), body.parsed("status", Status::parse), body.text("summary"));
    }

    @Override
    public OperationType<Service> type() {
        return TYPE;
    }


    @Override
    public String toJson() {
        return new OperationJson.Writer().put("status", status).put("summary", summary).toString();
    }
}
