package dev.statusstream;

/**
 * Announces the current snapshot again, a repair for nodes that missed a change (see
 * {@link StatusStream#publish()}): {@code POST /publish}, without a body. Changes nothing and takes no
 * version; its result carries the version announced.
 *
 * <p>Immutable and thread-safe.
 */
public record Publish() implements Operation<Publication> {
    static final OperationType<Publication> TYPE = OperationType.withoutBody("publish", "POST", "/publish", 200,
            "publication", body -> new Publish());

    @Override
    public OperationType<Publication> type() {
        return TYPE;
    }

    @Override
    public String toJson() {
        return null;
    }
}
