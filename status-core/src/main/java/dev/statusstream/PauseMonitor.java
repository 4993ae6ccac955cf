package dev.statusstream;

import java.util.List;

/**
 * Pauses or resumes a monitor: {@code PUT /monitors/{monitor}/paused} with {@code {"paused": true|false}}.
 * A paused monitor is not run and does not count toward its service's status; a resumed check runs at
 * once, a resumed heartbeat expects its next ping within interval and grace from now.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name   the monitor
 * @param paused true to pause, false to resume
 */
public record PauseMonitor(String name, boolean paused) implements Operation<Monitor> {
    static final OperationType<Monitor> TYPE = OperationType.withBody("pauseMonitor", "PUT", "/monitors/{monitor}/paused",
            List.of("paused"), true, 200, "monitor", PauseMonitor::read)
            .replying(OperationReplies.as(Monitor.class, "monitor"))
            .identifiedBy(PauseMonitor::name);

    /**
     * Checks the name.
     *
     * @throws ValidationException naming {@code name}
     */
    public PauseMonitor {
        Monitor.checkName(name);
    }

    private static PauseMonitor read(OperationJson.Reader body) {
        Boolean paused = body.bool("paused");
        if (paused == null) {
            throw new ValidationException("paused", "is required: true or false");
        }
        return new PauseMonitor(body.path("monitor"), paused);
    }

    @Override
    public OperationType<Monitor> type() {
        return TYPE;
    }


    @Override
    public String toJson() {
        return "{\"paused\":" + paused + "}";
    }
}
