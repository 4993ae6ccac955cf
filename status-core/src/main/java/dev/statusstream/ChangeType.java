package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What kind of change a {@link ChangeEvent} is: {@code <entity>.<verb>}, a closed set. The entity part
 * ({@code service}, {@code incident} or {@code page}) is the event name of a change on the stream.
 *
 * <p>Immutable and thread-safe.
 */
public enum ChangeType {
    /** A service was added; data: the service. */
    SERVICE_CREATED("service.created"),
    /** A service's label, category, description or position changed; data: the service. */
    SERVICE_UPDATED("service.updated"),
    /** A service and its history were deleted; data: {@code {"id": ...}}. */
    SERVICE_DELETED("service.deleted"),
    /** Services were put in a new order; subject {@code services}, data: {@code {"order": [...]}}. */
    SERVICE_REORDERED("service.reordered"),
    /** A service's status or summary was set; data: the service. */
    SERVICE_STATUS("service.status"),
    /** An incident was opened; data: the incident. */
    INCIDENT_OPENED("incident.opened"),
    /** A maintenance window was scheduled; data: the maintenance. */
    INCIDENT_SCHEDULED("incident.scheduled"),
    /** An update was posted, moving the incident to a state; data: the incident. */
    INCIDENT_UPDATED("incident.updated"),
    /** An incident was resolved or a maintenance completed by an operator; data: the incident. */
    INCIDENT_RESOLVED("incident.resolved"),
    /** An incident's title, impact, services, texts or window changed without an update; data: the incident. */
    INCIDENT_EDITED("incident.edited"),
    /** A maintenance window began at its start time; data: the maintenance. */
    INCIDENT_STARTED("incident.started"),
    /** A maintenance window ended at its end time; data: the maintenance. */
    INCIDENT_COMPLETED("incident.completed"),
    /** A resolved incident's postmortem was published, changed or removed; data: the incident. */
    INCIDENT_POSTMORTEM("incident.postmortem"),
    /** The page's name, accent colour, logo or links changed; subject {@code branding}, data: the branding. */
    PAGE_BRANDING("page.branding");

    private final String wireName;

    ChangeType(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The written form, as in the change log and on the stream.
     *
     * @return e.g. {@code service.status}
     */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * The entity part; the SSE event name of such a change.
     *
     * @return {@code service}, {@code incident} or {@code page}
     */
    public String entity() {
        return wireName.substring(0, wireName.indexOf('.'));
    }

    /**
     * Reads the written form.
     *
     * @param value e.g. {@code service.status}
     * @return the type
     * @throws ValidationException naming {@code type} when it is not one of the types
     */
    public static ChangeType parse(String value) {
        for (ChangeType type : values()) {
            if (type.wireName.equals(value)) {
                return type;
            }
        }
        throw new ValidationException("type", "'" + value + "' is not a change type");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
