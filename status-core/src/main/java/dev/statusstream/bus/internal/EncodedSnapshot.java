package dev.statusstream.bus.internal;

import dev.statusstream.ChangeEvent;
import dev.statusstream.Snapshot;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A snapshot written for the wire once, where it is committed: its JSON (what Redis's key keeps) and its
 * {@link SnapshotMessage} (the JSON with the changes behind it, for Redis's channel and PostgreSQL's
 * notification). Immutable.
 *
 * @param snapshot the snapshot
 * @param json     its wire JSON
 * @param message  the message of {@code json} and the changes behind it
 */
public record EncodedSnapshot(Snapshot snapshot, String json, String message) {
    /** PostgreSQL refuses a notification payload of 8000 bytes or more. */
    private static final int MAX_NOTIFICATION_BYTES = 7999;

    /** {@code snapshot} written once, with the changes that led to it (none for a republish). */
    public static EncodedSnapshot of(Snapshot snapshot, List<ChangeEvent> changes) {
        String json = snapshot.toJson();
        return new EncodedSnapshot(snapshot, json, SnapshotMessage.write(json, changes));
    }

    /** Whether the message fits a PostgreSQL notification's payload. */
    public boolean fitsNotification() {
        // a UTF-8 encoding has at least as many bytes as the string has chars: a long message is not copied
        return message.length() <= MAX_NOTIFICATION_BYTES
                && message.getBytes(StandardCharsets.UTF_8).length <= MAX_NOTIFICATION_BYTES;
    }
}
