package dev.statusstream;

import java.util.List;

/**
 * Announces the current snapshot again, a repair for nodes that missed a change (see
 * {@link StatusStream#publish()}): {@code POST /publish}, whose body, if any, names no field. Changes nothing and takes no
 * version; its result carries the version announced.
 *
 * <p>Immutable and thread-safe.
 */
public record Publish() implements Operation<Publication> {
    static final OperationType<Publication> TYPE = OperationType.withBody("publish", "POST", "/publish", List.of(), false,
            200, "publication", body -> new Publish())
            .replying(OperationReplies.as(Publication.class, "publication"));

    @Override
    public OperationType<Publication> type() {
        return TYPE;
    }

    @Override
    public String toJson() {
        return null;
    }
}
