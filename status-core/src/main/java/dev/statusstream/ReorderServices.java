package dev.statusstream;

import java.util.List;

/**
 * Puts the listed services first, in that order; the rest keep their order after them:
 * {@code PUT /services/order} with {@code {"ids": [...]}}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param ids service ids in the order wanted
 */
public record ReorderServices(List<String> ids) implements Operation<List<Service>> {
    static final OperationType<List<Service>> TYPE = OperationType.withBody("reorderServices", "PUT", "/services/order",
            List.of("ids"), true, 200, "services", ReorderServices::read)
            .replying(OperationReplies::services);

    /**
     * Checks that there is a list, and copies it.
     *
     * @throws ValidationException naming {@code ids} when it is null
     */
    public ReorderServices {
        if (ids == null) {
            throw new ValidationException("ids", "is required: the service ids in their new order");
        }
        ids = List.copyOf(ids);
    }

    private static ReorderServices read(OperationJson.Reader body) {
        return new ReorderServices(body.strings("ids"));
    }

    @Override
    public OperationType<List<Service>> type() {
        return TYPE;
    }

    @Override
    public String toJson() {
        return new OperationJson.Writer().put("ids", ids).toString();
    }
}
