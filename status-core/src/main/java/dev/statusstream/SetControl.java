package dev.statusstream;

import java.util.List;

/**
 * Hands a service to automation or takes it by hand: {@code PUT /services/{id}/control} with
 * {@code {"control": "automatic" | "manual"}}. Handing it back changes no status: the status stays as
 * it is until a monitor or an alert next reports. Changes nothing readers see, so the page keeps its
 * version.
 *
 * <p>Immutable and thread-safe.
 *
 * @param serviceId the service
 * @param control   who sets its status from now on
 */
public record SetControl(String serviceId, Control control) implements Operation<ServiceControl> {
    static final OperationType<ServiceControl> TYPE = OperationType.withBody("setControl", "PUT", "/services/{id}/control",
            List.of("control"), true, 200, "control", SetControl::read)
            .replying(OperationReplies.as(ServiceControl.class, "control"))
            .identifiedBy(SetControl::serviceId)
            .forResponders();

    /**
     * Checks the id and that there is a control.
     *
     * @throws ValidationException naming the bad field
     */
    public SetControl {
        Service.checkId(serviceId);
        if (control == null) {
            throw new ValidationException("control", "is required (automatic or manual)");
        }
    }

    private static SetControl read(OperationJson.Reader body) {
        return new SetControl(body.path("id"), body.parsed("control", Control::parse));
    }

    @Override
    public OperationType<ServiceControl> type() {
        return TYPE;
    }


    @Override
    public String toJson() {
        return new OperationJson.Writer().put("control", control.wireName()).toString();
    }
}
