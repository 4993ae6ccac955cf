package dev.statusstream;

/**
 * Revokes a named API token: {@code DELETE /tokens/{name}}. It is refused from then on; its record
 * stays, for the audit log's sake.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the token's name
 */
public record RevokeToken(String name) implements Operation<ApiToken> {
    static final OperationType<ApiToken> TYPE = OperationType.withoutBody("revokeToken", "DELETE", "/tokens/{name}", 200,
            "token", body -> new RevokeToken(body.path("name")))
            .replying(OperationReplies.as(ApiToken.class, "token"))
            .identifiedBy(RevokeToken::name);

    /**
     * Checks the name.
     *
     * @throws ValidationException naming {@code name}
     */
    public RevokeToken {
        Operator.checkName(name);
    }

    @Override
    public OperationType<ApiToken> type() {
        return TYPE;
    }

    @Override
    public String toJson() {
        return null;
    }
}
