package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/**
 * One update posted to an incident: the state it moved the incident to and what the operator said.
 * Updates are append-only.
 *
 * <p>Immutable and thread-safe.
 */
@JsonPropertyOrder({"id", "status", "body", "createdAt"})
public record IncidentUpdate(String id, IncidentState status, LocalizedText body, Instant createdAt) {
    public IncidentUpdate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        body = body == null ? LocalizedText.EMPTY : body;
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
