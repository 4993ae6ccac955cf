package dev.statusstream;

/**
 * Gives an operator a new one-time link to set their password: {@code POST /operators/{name}/link}.
 * Earlier links stop working; the current password keeps working until the link is used.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the operator
 */
public record ReissueLink(String name) implements Operation<IssuedLink> {
    static final OperationType<IssuedLink> TYPE = OperationType.withoutBody("reissueLink", "POST", "/operators/{name}/link",
            201, "link", body -> new ReissueLink(body.path("name")))
            .replying(OperationReplies.as(IssuedLink.class, "link"))
            .identifiedBy(ReissueLink::name);

    /**
     * Checks the name.
     *
     * @throws ValidationException naming {@code name}
     */
    public ReissueLink {
        Operator.checkName(name);
    }

    @Override
    public OperationType<IssuedLink> type() {
        return TYPE;
    }

    @Override
    public String toJson() {
        return null;
    }
}
