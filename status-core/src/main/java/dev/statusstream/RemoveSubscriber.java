package dev.statusstream;

/**
 * Deletes a subscriber and every delivery to it: {@code DELETE /subscribers/{id}}, without a body. Its
 * result is the deleted subscriber. Changes nothing readers of the page see: no new version.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the subscriber's id
 */
public record RemoveSubscriber(String id) implements Operation<Subscriber> {
    static final OperationType<Subscriber> TYPE = OperationType.withoutBody("removeSubscriber", "DELETE", "/subscribers/{subscriber}",
            200, "subscriber", body -> new RemoveSubscriber(body.path("subscriber")))
            .replying(OperationReplies.as(Subscriber.class, "subscriber"))
            .identifiedBy(RemoveSubscriber::id);

    /**
     * Checks the id.
     *
     * @throws ValidationException naming {@code id} when it is not a subscriber id
     */
    public RemoveSubscriber {
        Subscriber.checkId(id);
    }

    @Override
    public OperationType<Subscriber> type() {
        return TYPE;
    }

    @Override
    public String toJson() {
        return null;
    }
}
