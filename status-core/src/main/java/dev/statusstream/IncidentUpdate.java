package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/**
 * One update posted to an incident: the state it moved the incident to and what the operator said.
 * Updates are append-only.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id        a UUID
 * @param status    the incident state this update moved it to
 * @param body      what the operator said; may be empty
 * @param createdAt when it was posted
 */
@JsonPropertyOrder({"id", "status", "body", "createdAt"})
public record IncidentUpdate(String id, IncidentState status, LocalizedText body, Instant createdAt) {
    /**
     * Checks the fields; a null body becomes empty.
     *
     * @throws NullPointerException naming a missing field
     */
    public IncidentUpdate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        body = body == null ? LocalizedText.EMPTY : body;
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
