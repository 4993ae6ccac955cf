package dev.statusstream;

/**
 * Confirms an email subscription from the link in its confirmation mail:
 * {@code POST /subscribers/email/confirm/{token}}. The link works once, while the subscription is
 * pending and at most {@link #VALID_FOR_HOURS} hours after its mail was asked for.
 *
 * <p>Immutable and thread-safe.
 *
 * @param token the link's token
 */
public record ConfirmEmail(String token) implements Operation<SubscriptionLink> {
    static final OperationType<SubscriptionLink> TYPE = OperationType.withoutBody("confirmEmail", "POST",
            "/subscribers/email/confirm/{token}", 200, "link", body -> new ConfirmEmail(body.path("token")))
            .replying(OperationReplies.as(SubscriptionLink.class, "link"))
            .identifiedBy(ConfirmEmail::token);

    /** How long a confirmation link works, and how long an unconfirmed subscription is kept. */
    public static final int VALID_FOR_HOURS = 24;

    /**
     * Checks the token's form.
     *
     * @throws ValidationException naming {@code token} when it is not a link token
     */
    public ConfirmEmail {
        checkToken(token);
    }

    static String checkToken(String token) {
        if (SubscriberToken.parse(token).isEmpty()) {
            throw new ValidationException("token", "is not a subscription link token");
        }
        return token;
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
