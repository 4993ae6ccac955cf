package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.statusstream.internal.Json;
import java.time.Instant;
import java.util.Objects;

/**
 * One committed change from the change log: what changed at a version.
 *
 * <p>Immutable and thread-safe.
 *
 * @param version     the global version this change created (one change per version)
 * @param type        {@code <entity>.<verb>}, one of the {@link ChangeType}s: {@code service.created},
 *                    {@code service.updated}, {@code service.deleted}, {@code service.reordered},
 *                    {@code service.status}, {@code incident.opened}, {@code incident.scheduled},
 *                    {@code incident.updated}, {@code incident.resolved}, {@code incident.edited},
 *                    {@code incident.started}, {@code incident.completed}
 * @param subject     the service id or incident slug ({@code services} for a reorder)
 * @param committedAt when the change was committed
 * @param data        the JSON of the entity after the change (or {@code {"id": ...}} for a deletion)
 */
@JsonPropertyOrder({"version", "type", "subject", "committedAt", "data"})
public record ChangeEvent(long version, String type, String subject, Instant committedAt, @JsonRawValue String data) {
    /**
     * Checks that no field is null and that the type is one of the {@link ChangeType}s.
     *
     * @throws NullPointerException naming the missing field
     * @throws ValidationException naming {@code type} when it is not a change type
     */
    public ChangeEvent {
        Objects.requireNonNull(type, "type");
        ChangeType.parse(type);
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(committedAt, "committedAt");
        Objects.requireNonNull(data, "data");
    }

    /**
     * This change as one line of JSON.
     *
     * @return {@code {"version":..,"type":..,"subject":..,"committedAt":..,"data":{..}}}
     */
    public String toJson() {
        return Json.write(this);
    }

    /**
     * A change of this type.
     *
     * @param version     the global version this change created
     * @param type        what kind of change
     * @param subject     the service id or incident slug
     * @param committedAt when the change was committed
     * @param data        the JSON of the entity after the change
     */
    public ChangeEvent(long version, ChangeType type, String subject, Instant committedAt, String data) {
        this(version, type.wireName(), subject, committedAt, data);
    }

    /**
     * The type as a value of the closed set.
     *
     * @return what kind of change this is
     */
    public ChangeType kind() {
        return ChangeType.parse(type);
    }

    /**
     * The entity part of the type; the SSE event name.
     *
     * @return {@code service} or {@code incident}
     */
    public String entity() {
        return kind().entity();
    }
}
