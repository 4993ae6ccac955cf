package dev.statusstream;

/**
 * Removes an operator and ends their sessions: {@code DELETE /operators/{name}}. What they did stays in
 * the audit log under their name.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the operator
 */
public record RemoveOperator(String name) implements Operation<Operator> {
    static final OperationType<Operator> TYPE = OperationType.withoutBody("removeOperator", "DELETE", "/operators/{name}",
            200, "operator", body -> new RemoveOperator(body.path("name")))
            .replying(OperationReplies.as(Operator.class, "operator"))
            .identifiedBy(RemoveOperator::name);

    /**
     * Checks the name.
     *
     * @throws ValidationException naming {@code name}
     */
    public RemoveOperator {
        Operator.checkName(name);
    }

    @Override
    public OperationType<Operator> type() {
        return TYPE;
    }

    @Override
    public String toJson() {
        return null;
    }
}
