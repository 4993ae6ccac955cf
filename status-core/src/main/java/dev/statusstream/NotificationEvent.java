package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a {@link Notification} tells: one per change that notifies. Sent as the webhook header
 * {@code X-StatusStream-Event}.
 *
 * <p>Immutable and thread-safe.
 */
public enum NotificationEvent {
    /** An incident was opened (one notification, with its first update). */
    INCIDENT_OPENED("incident.opened"),
    /** An update was posted to an open incident. */
    INCIDENT_UPDATED("incident.updated"),
    /** An incident was resolved. */
    INCIDENT_RESOLVED("incident.resolved"),
    /** A maintenance window was scheduled. */
    MAINTENANCE_SCHEDULED("maintenance.scheduled"),
    /** An update was posted to a maintenance. */
    MAINTENANCE_UPDATED("maintenance.updated"),
    /** A maintenance window began. */
    MAINTENANCE_STARTED("maintenance.started"),
    /** A maintenance window ended. */
    MAINTENANCE_COMPLETED("maintenance.completed"),
    /** A maintenance window begins soon (by default in an hour). */
    MAINTENANCE_REMINDER("maintenance.reminder"),
    /** A service's status was set without an incident; only subscribers who asked for these get it. */
    SERVICE_STATUS("service.status"),
    /**
     * Someone asked to subscribe this address: the confirmation mail, to that one email subscriber (its
     * link's token is derived from the subscriber's key and {@link Notification#createdAt()}).
     */
    SUBSCRIPTION_CONFIRM("subscription.confirm"),
    /** Someone asked to subscribe an address that is subscribed already: a notice saying so, to that one subscriber. */
    SUBSCRIPTION_ALREADY("subscription.already");

    private final String wireName;

    NotificationEvent(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The name used on the wire and in the database.
     *
     * @return e.g. {@code incident.opened}
     */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * Whether it is about an incident or maintenance (rather than a service or a subscription).
     *
     * @return true for the incident and maintenance events
     */
    public boolean aboutIncident() {
        return this != SERVICE_STATUS && !aboutSubscription();
    }

    /**
     * Whether it is a mail about someone's own email subscription, sent to that subscriber alone (and,
     * unlike every other event, also while it is pending).
     *
     * @return true for {@link #SUBSCRIPTION_CONFIRM} and {@link #SUBSCRIPTION_ALREADY}
     */
    public boolean aboutSubscription() {
        return this == SUBSCRIPTION_CONFIRM || this == SUBSCRIPTION_ALREADY;
    }

    /**
     * Parses a wire name.
     *
     * @param value e.g. {@code "incident.opened"}
     * @return the event
     * @throws ValidationException naming {@code event} when it is none of them
     */
    public static NotificationEvent parse(String value) {
        for (NotificationEvent event : values()) {
            if (event.wireName.equals(value)) {
                return event;
            }
        }
        throw new ValidationException("event", "'" + value + "' is not a notification event");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
