package dev.statusstream;

import java.util.Objects;

/**
 * Who sets a service's status now: the result of {@link SetControl}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param serviceId the service
 * @param control   automatic or manual
 * @param status    its status, which handing it back does not change
 */
public record ServiceControl(String serviceId, Control control, Status status) {
    /**
     * Checks the fields.
     *
     * @throws ValidationException when the id is malformed
     */
    public ServiceControl {
        Service.checkId(serviceId);
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(status, "status");
    }
}
