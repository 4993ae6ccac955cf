package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.statusstream.internal.Json;
import java.time.Instant;
import java.util.Objects;

/**
 * One committed change from the change log: what changed at a version.
 *
 * <p>Immutable and thread-safe. {@code type} is {@code <entity>.<verb>}, e.g. {@code service.status},
 * {@code incident.updated}; {@code subject} is the service id or incident slug; {@code data} is the
 * JSON of the entity after the change (or {@code {"id": ...}} for a deletion).
 */
@JsonPropertyOrder({"version", "type", "subject", "committedAt", "data"})
public record ChangeEvent(long version, String type, String subject, Instant committedAt, @JsonRawValue String data) {
    public ChangeEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(committedAt, "committedAt");
        Objects.requireNonNull(data, "data");
    }

    /** This change as one line of JSON: {@code {"version":..,"type":..,"subject":..,"committedAt":..,"data":{..}}}. */
    public String toJson() {
        return Json.write(this);
    }

    /** The entity part of the type: {@code service} or {@code incident}; the SSE event name. */
    public String entity() {
        int dot = type.indexOf('.');
        return dot < 0 ? type : type.substring(0, dot);
    }
}
