package dev.statusstream;

/**
 * Ends an email subscription from the unsubscribe link of any of its mails, or a mail client's
 * one-click unsubscribe: {@code POST /subscribers/email/unsubscribe/{token}}. The subscriber and its
 * deliveries are deleted, so every link it was sent stops working.
 *
 * <p>Immutable and thread-safe.
 *
 * @param token the link's token
 */
public record UnsubscribeEmail(String token) implements Operation<SubscriptionLink> {
    static final OperationType<SubscriptionLink> TYPE = OperationType.withoutBody("unsubscribeEmail", "POST",
            "/subscribers/email/unsubscribe/{token}", 200, "link", body -> new UnsubscribeEmail(body.path("token")))
            .replying(OperationReplies.as(SubscriptionLink.class, "link"))
            .identifiedBy(UnsubscribeEmail::token);

    /**
     * Checks the token's form.
     *
     * @throws ValidationException naming {@code token} when it is not a link token
     */
    public UnsubscribeEmail {
        ConfirmEmail.checkToken(token);
    }

    @Override
    public OperationType<SubscriptionLink> type() {
        return TYPE;
    }

    @Override
    public String toJson() {
        return null;
    }
}
