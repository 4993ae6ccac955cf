package dev.statusstream;

import java.util.List;

/**
 * Deletes everything about a mail address, whatever the state of its subscription: the subscriber and
 * its deliveries (the operator's answer to "forget me"): {@code POST /subscribers/email/remove} with
 * {@code {"email"}}, so that the address never appears in a URL or an access log. The result is how
 * many subscribers were deleted, 0 or 1.
 *
 * <p>Immutable and thread-safe.
 *
 * @param email the address, in any case
 */
public record RemoveEmailSubscriber(String email) implements Operation<Integer> {
    static final OperationType<Integer> TYPE = OperationType.withBody("removeEmailSubscriber", "POST",
            "/subscribers/email/remove", List.of("email"), true, 200, "removed",
            body -> new RemoveEmailSubscriber(body.requiredString("email")))
            .replying(OperationReplies.as(Integer.class, "removed"));

    /**
     * Checks the address.
     *
     * @throws ValidationException naming {@code email} when it is not one
     */
    public RemoveEmailSubscriber {
        email = SubscribeByEmail.checkEmail(email);
    }

    @Override
    public OperationType<Integer> type() {
        return TYPE;
    }

    @Override
    public String toJson() {
        return new OperationJson.Writer().put("email", email).toString();
    }

    /** Hides the address from logs. */
    @Override
    public String toString() {
        return "RemoveEmailSubscriber[...]";
    }
}
