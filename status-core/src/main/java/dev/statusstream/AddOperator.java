package dev.statusstream;

import java.util.List;

/**
 * Adds an operator without a password: {@code POST /operators} with {@code {"name", "role"}}. The reply
 * holds a one-time link for them to set one.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the operator's name, unique
 * @param role what they may do
 */
public record AddOperator(String name, Role role) implements Operation<IssuedLink> {
    static final OperationType<IssuedLink> TYPE = OperationType.withBody("addOperator", "POST", "/operators",
            List.of("name", "role"), true, 201, "link", AddOperator::read)
            .locatedAt(link -> "/operators/" + link.operator().name())
            .replying(OperationReplies.as(IssuedLink.class, "link"));

    /**
     * Checks the name and the role.
     *
     * @throws ValidationException naming the bad field
     */
    public AddOperator {
        Operator.checkName(name);
        if (role == null) {
            throw new ValidationException("role", "is required (viewer, responder or admin)");
        }
    }

    private static AddOperator read(OperationJson.Reader body) {
        return new AddOperator(body.requiredString("name"), body.parsed("role", Role::parse));
    }

    @Override
    public OperationType<IssuedLink> type() {
        return TYPE;
    }

    @Override
    public String toJson() {
        return new OperationJson.Writer().put("name", name).put("role", role.wireName()).toString();
    }
}
