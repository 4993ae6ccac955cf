package dev.statusstream;

import dev.statusstream.automation.internal.AutomaticStatus;
import dev.statusstream.engine.internal.Engine;
import java.util.Objects;
import java.util.Optional;

/**
 * What sets a service's status by itself: monitors (heartbeats and checks), alerts from monitoring
 * tools, and an application's own reports. Automation sets a status only while the service is
 * {@link Control#AUTOMATIC automatic}: a status an operator sets by hand ({@link SetStatus}) makes it
 * {@link Control#MANUAL manual}, and automation then leaves it alone until the operator hands it back
 * ({@link SetControl}). A service under an active maintenance window is left alone too. Every
 * automatic change names its cause in the service's summary and in the change's data, and its actor
 * (such as {@code monitor:<name>}) in the change log.
 *
 * <p>Obtained from {@link StatusStream#automation()}. Thread-safe.
 */
public final class Automation {
    private final Engine engine;

    Automation(Engine engine) {
        this.engine = engine;
    }

    /**
     * Reports what a service's status should be, as automation: applied when the service is automatic,
     * not under maintenance, and the status differs; otherwise nothing is written.
     *
     * @param actor     who reports, e.g. {@link Actor#monitor(String)}
     * @param serviceId the service
     * @param status    what it should be
     * @param cause     why, in a sentence: it becomes the service's summary
     * @return the change, or empty when nothing changed
     * @throws ValidationException when the id or the cause is malformed
     */
    public Optional<Change<Service>> report(Actor actor, String serviceId, Status status, String cause) {
        Objects.requireNonNull(actor, "actor");
        Service.checkId(serviceId);
        Objects.requireNonNull(status, "status");
        if (cause == null || cause.isBlank()) {
            throw new ValidationException("cause", "is required: say why the status changes");
        }
        return engine.applyAutomatic(actor, serviceId, h -> new AutomaticStatus.Verdict(status, cause.strip()));
    }
}
