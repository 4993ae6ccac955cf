package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.internal.Json;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the page shows at one version: the overall label, every service, and the incidents that
 * matter now (open ones, upcoming and active maintenance, recently resolved ones).
 *
 * <p>Immutable and thread-safe. Its JSON ({@link #toJson()}) is what {@code GET /api/status} and the stream serve: the
 * body of {@code GET /api/status}, the data of every SSE snapshot event, and the message on the Redis
 * channel.
 *
 * @param statusLabel the overall status, rolled up from the services
 * @param services    every service, in page order
 * @param incidents   open incidents, upcoming and active maintenance, and recently resolved ones
 * @param version     the global version this snapshot reflects; higher is newer
 * @param generatedAt when its version was committed (the epoch for version 0): a snapshot is a function of
 *                    its version, the same on every node that builds it
 * @param branding    the page's name, colour, logo and links ({@link Branding#NONE} when none is set)
 */
@JsonPropertyOrder({"statusLabel", "services", "incidents", "version", "generatedAt", "branding"})
public record Snapshot(
        StatusLabel statusLabel,
        List<Service> services,
        List<Incident> incidents,
        long version,
        Instant generatedAt,
        Branding branding) {

    /**
     * Checks the fields; null lists become empty.
     *
     * @throws ValidationException when the version is negative
     * @throws NullPointerException naming a missing field
     */
    public Snapshot {
        Objects.requireNonNull(statusLabel, "statusLabel");
        services = services == null ? List.of() : List.copyOf(services);
        incidents = incidents == null ? List.of() : List.copyOf(incidents);
        if (version < 0) {
            throw new ValidationException("version", "must not be negative, was " + version);
        }
        Objects.requireNonNull(generatedAt, "generatedAt");
        branding = branding == null ? Branding.NONE : branding;
    }

    /**
     * A snapshot without branding.
     *
     * @param statusLabel the overall status
     * @param services    every service, in page order
     * @param incidents   the incidents that matter now
     * @param version     the version it reflects
     * @param generatedAt when it was built
     */
    public Snapshot(StatusLabel statusLabel, List<Service> services, List<Incident> incidents, long version,
            Instant generatedAt) {
        this(statusLabel, services, incidents, version, generatedAt, Branding.NONE);
    }

    /**
     * The snapshot of an empty page at version 0.
     *
     * @param now the time it is generated at
     * @return an empty snapshot labelled {@code unknown}
     */
    public static Snapshot empty(Instant now) {
        return new Snapshot(StatusLabel.UNKNOWN, List.of(), List.of(), 0, now);
    }

    /**
     * The service with this id, if it is on the page.
     *
     * @param id the service id
     * @return the service, or empty
     */
    public Optional<Service> service(String id) {
        return services.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /**
     * The incident with this slug, if it is in the snapshot.
     *
     * @param slug the incident slug
     * @return the incident, or empty
     */
    public Optional<Incident> incident(String slug) {
        return incidents.stream().filter(i -> i.slug().equals(slug)).findFirst();
    }

    /**
     * The wire JSON.
     *
     * @return one line of JSON, as {@code GET /api/status} serves it
     */
    public String toJson() {
        return Json.write(this);
    }

    /**
     * Reads the wire JSON, checking every field.
     *
     * @param json the wire JSON
     * @return the snapshot
     * @throws ValidationException naming what is wrong when it is not a valid snapshot
     */
    public static Snapshot fromJson(String json) {
        JsonNode tree = Json.read(json, JsonNode.class, "snapshot");
        if (!tree.isObject()) {
            throw new ValidationException("snapshot", "is not a JSON object");
        }
        if (!tree.path("version").isIntegralNumber()) {
            throw new ValidationException("version", "is missing or not a whole number");
        }
        return Json.convert(tree, Snapshot.class, "snapshot");
    }
}
