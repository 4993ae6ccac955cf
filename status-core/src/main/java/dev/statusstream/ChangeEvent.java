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
 * @param type        {@code <entity>.<verb>}: {@code service.created}, {@code service.updated},
 *                    {@code service.deleted}, {@code service.reordered}, {@code service.status},
 *                    {@code incident.opened}, {@code incident.scheduled}, {@code incident.updated},
 *                    {@code incident.resolved}
 * @param subject     the service id or incident slug ({@code services} for a reorder)
 * @param committedAt when the change was committed
 * @param data        the JSON of the entity after the change (or {@code {"id": ...}} for a deletion)
 */
@JsonPropertyOrder({"version", "type", "subject", "committedAt", "data"})
public record ChangeEvent(long version, String type, String subject, Instant committedAt, @JsonRawValue String data) {
    /**
     * Checks that no field is null.
     *
     * @throws NullPointerException naming the missing field
     */
    public ChangeEvent {
        Objects.requireNonNull(type, "type");
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
     * The entity part of the type; the SSE event name.
     *
     * @return {@code service} or {@code incident}
     */
    public String entity() {
        int dot = type.indexOf('.');
        return dot < 0 ? type : type.substring(0, dot);
    }
}
