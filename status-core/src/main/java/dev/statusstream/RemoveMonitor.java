package dev.statusstream;

/**
 * Removes a monitor and its results: {@code DELETE /monitors/{monitor}}, without a body. Its service's
 * status is worked out again from the monitors and alerts left. Its result is the removed monitor.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the monitor
 */
public record RemoveMonitor(String name) implements Operation<Monitor> {
    static final OperationType<Monitor> TYPE = OperationType.withoutBody("removeMonitor", "DELETE", "/monitors/{monitor}", 200,
            "monitor", body -> new RemoveMonitor(body.path("monitor")))
            .replying(OperationReplies.as(Monitor.class, "monitor"))
            .identifiedBy(RemoveMonitor::name);

    /**
     * Checks the name.
     *
     * @throws ValidationException naming {@code name}
     */
    public RemoveMonitor {
        Monitor.checkName(name);
    }

    @Override
    public OperationType<Monitor> type() {
        return TYPE;
    }


    @Override
    public String toJson() {
        return null;
    }
}
