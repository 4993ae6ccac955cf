package dev.statusstream;

import java.util.List;

/**
 * Gives an operator another role: {@code PUT /operators/{name}/role} with {@code {"role"}}. Their
 * sessions carry on with the new role at their next request.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the operator
 * @param role the new role
 */
public record ChangeOperatorRole(String name, Role role) implements Operation<Operator> {
    static final OperationType<Operator> TYPE = OperationType.withBody("changeOperatorRole", "PUT", "/operators/{name}/role",
            List.of("role"), true, 200, "operator", ChangeOperatorRole::read)
            .replying(OperationReplies.as(Operator.class, "operator"))
            .identifiedBy(ChangeOperatorRole::name);

    /**
     * Checks the name and the role.
     *
     * @throws ValidationException naming the bad field
     */
    public ChangeOperatorRole {
        Operator.checkName(name);
        if (role == null) {
            throw new ValidationException("role", "is required (viewer, responder or admin)");
        }
    }

    private static ChangeOperatorRole read(OperationJson.Reader body) {
        return new ChangeOperatorRole(body.path("name"), body.parsed("role", Role::parse));
    }

    @Override
    public OperationType<Operator> type() {
        return TYPE;
    }

    @Override
    public String toJson() {
        return new OperationJson.Writer().put("role", role.wireName()).toString();
    }
}
