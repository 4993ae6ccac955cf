package dev.statusstream;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One change that subscribers are told of, as its transaction recorded it: written once, whichever node
 * or process made the change, and delivered to every subscriber it concerns.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id        its number, increasing
 * @param event     what happened
 * @param subject   the incident's slug, the service's id, or the subscriber's id for a mail about a subscription
 * @param services  the services it concerns (for a subscription: the services chosen); empty for the whole page
 * @param createdAt when the change was made
 * @param snapshot  the page as the change left it (for a reminder: as it was when the reminder was made); null for a
 *                  mail about a subscription
 * @param incident  the incident or maintenance as the change left it, or null for {@link NotificationEvent#SERVICE_STATUS}
 * @param service   the service as the change left it, for {@link NotificationEvent#SERVICE_STATUS}; otherwise null
 * @param previousStatus the service's status before the change, for {@link NotificationEvent#SERVICE_STATUS}; otherwise null
 */
public record Notification(
        long id,
        NotificationEvent event,
        String subject,
        List<String> services,
        Instant createdAt,
        Snapshot snapshot,
        Incident incident,
        Service service,
        Status previousStatus) {

    /**
     * Checks that it is about an incident or a service, as its event says.
     *
     * @throws NullPointerException naming a missing field
     * @throws IllegalArgumentException when the incident or service is missing for its event
     */
    public Notification {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(subject, "subject");
        services = services == null ? List.of() : List.copyOf(services);
        Objects.requireNonNull(createdAt, "createdAt");
        if (!event.aboutSubscription()) {
            Objects.requireNonNull(snapshot, "snapshot");
            if (event.aboutIncident() ? incident == null : service == null) {
                throw new IllegalArgumentException(event + " needs " + (event.aboutIncident() ? "an incident" : "a service"));
            }
        }
    }
}
