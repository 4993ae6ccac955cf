package dev.statusstream;

import java.util.List;

/**
 * Makes a named API token: {@code POST /tokens} with {@code {"name", "role"}}. The reply holds the token
 * itself, shown this once; only its SHA-256 is kept.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the token's name, unique
 * @param role what it may do
 */
public record CreateToken(String name, Role role) implements Operation<IssuedToken> {
    static final OperationType<IssuedToken> TYPE = OperationType.withBody("createToken", "POST", "/tokens",
            List.of("name", "role"), true, 201, "token", CreateToken::read)
            .locatedAt(issued -> "/tokens/" + issued.token().name())
            .replying(OperationReplies.as(IssuedToken.class, "token"));

    /**
     * Checks the name and the role.
     *
     * @throws ValidationException naming the bad field
     */
    public CreateToken {
        Operator.checkName(name);
        if (role == null) {
            throw new ValidationException("role", "is required (viewer, responder or admin)");
        }
    }

    private static CreateToken read(OperationJson.Reader body) {
        return new CreateToken(body.requiredString("name"), body.parsed("role", Role::parse));
    }

    @Override
    public OperationType<IssuedToken> type() {
        return TYPE;
    }

    @Override
    public String toJson() {
        return new OperationJson.Writer().put("name", name).put("role", role.wireName()).toString();
    }
}
