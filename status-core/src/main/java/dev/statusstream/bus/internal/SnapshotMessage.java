package dev.statusstream.bus.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statusstream.ChangeEvent;
import dev.statusstream.Snapshot;
import dev.statusstream.ValidationException;
import dev.statusstream.internal.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Redis message of a change: the snapshot's JSON, with the committed change events behind it under
 * {@code changes}, so a following node learns what happened without reading PostgreSQL's change log.
 * A message from an older node is the bare snapshot; a node older than this one ignores the extra
 * field. Immutable.
 *
 * @param snapshot the snapshot
 * @param changes  the changes that led to it, oldest first; empty when the message named none
 */
public record SnapshotMessage(Snapshot snapshot, List<ChangeEvent> changes) {
    private static final String CHANGES = "changes";

    /** The message for a snapshot already written as JSON, and the changes behind it. */
    public static String write(String snapshotJson, List<ChangeEvent> changes) {
        if (changes.isEmpty()) {
            return snapshotJson;
        }
        var message = new StringBuilder(snapshotJson.length() + 512)
                .append(snapshotJson, 0, snapshotJson.lastIndexOf('}'))
                .append(",\"").append(CHANGES).append("\":[");
        for (int i = 0; i < changes.size(); i++) {
            message.append(i == 0 ? "" : ",").append(changes.get(i).toJson());
        }
        return message.append("]}").toString();
    }

    /**
     * Reads a message. Changes that cannot be read are left out (the follower then reads the change
     * log), since the snapshot alone is still good.
     *
     * @throws ValidationException when the message is not a snapshot
     */
    public static SnapshotMessage read(String json) {
        JsonNode tree = Json.read(json, JsonNode.class, "snapshot");
        if (!tree.isObject()) {
            throw new ValidationException("snapshot", "is not a JSON object");
        }
        JsonNode changes = ((ObjectNode) tree).remove(CHANGES);
        if (!tree.path("version").isIntegralNumber()) {
            throw new ValidationException("version", "is missing or not a whole number");
        }
        Snapshot snapshot = Json.convert(tree, Snapshot.class, "snapshot");
        return new SnapshotMessage(snapshot, changes == null ? List.of() : changes(changes));
    }

    /** Whether the changes run without a gap from just after {@code version} up to the snapshot's version. */
    public boolean coversAfter(long version) {
        if (changes.isEmpty() || changes.getFirst().version() > version + 1
                || changes.getLast().version() != snapshot.version()) {
            return false;
        }
        for (int i = 1; i < changes.size(); i++) {
            if (changes.get(i).version() != changes.get(i - 1).version() + 1) {
                return false;
            }
        }
        return true;
    }

    private static List<ChangeEvent> changes(JsonNode array) {
        if (!array.isArray()) {
            return List.of();
        }
        List<ChangeEvent> events = new ArrayList<>();
        try {
            for (JsonNode node : array) {
                JsonNode data = node.get("data");
                if (!node.path("version").isIntegralNumber() || data == null || !data.isContainerNode()) {
                    return List.of();
                }
                events.add(new ChangeEvent(node.get("version").asLong(), node.path("type").asText(),
                        node.path("subject").asText(), Instant.parse(node.path("committedAt").asText()), data.toString()));
            }
        } catch (ValidationException | DateTimeParseException e) {
            return List.of();
        }
        return events;
    }
}
