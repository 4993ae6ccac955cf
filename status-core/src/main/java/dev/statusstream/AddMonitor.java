package dev.statusstream;

import java.util.List;

/**
 * Adds a monitor: {@code POST /monitors} with {@code {"service", "name"?, "heartbeat"?, "grace"?, "http"?,
 * "tcp"?, "every"?, "timeout"?, "expect"?, "bodyContains"?, "failures"?, "successes"?, "down"?}}, exactly
 * one of {@code heartbeat} (its interval), {@code http} (a URL) or {@code tcp} ({@code host:port});
 * durations as {@code 30s}, {@code 5m}. Changes nothing readers see.
 *
 * <p>Immutable and thread-safe.
 *
 * @param monitor the monitor, validated
 */
public record AddMonitor(NewMonitor monitor) implements Operation<AddedMonitor> {
    static final OperationType<AddedMonitor> TYPE = OperationType.<AddedMonitor>withBody("addMonitor", "POST", "/monitors",
            List.of("service", "name", "heartbeat", "grace", "http", "tcp", "every", "timeout", "expect", "bodyContains",
                    "failures", "successes", "down"), true, 201, "monitor", AddMonitor::read)
            .locatedAt(added -> "/monitors/" + added.monitor().name())
            .replying(OperationReplies.as(AddedMonitor.class, "monitor"));

    /** Checks that there is a monitor. */
    public AddMonitor {
        if (monitor == null) {
            throw new ValidationException("body", "is required");
        }
    }

    private static AddMonitor read(OperationJson.Reader body) {
        String heartbeat = body.string("heartbeat");
        String http = body.string("http");
        String tcp = body.string("tcp");
        int given = (heartbeat != null ? 1 : 0) + (http != null ? 1 : 0) + (tcp != null ? 1 : 0);
        if (given != 1) {
            throw new ValidationException(given == 0 ? "heartbeat" : "http",
                    "give exactly one of heartbeat (its interval), http (a URL) or tcp (host:port)");
        }
        Monitor.Kind kind = heartbeat != null ? Monitor.Kind.HEARTBEAT : http != null ? Monitor.Kind.HTTP : Monitor.Kind.TCP;
        if (kind == Monitor.Kind.HEARTBEAT && body.string("every") != null) {
            throw new ValidationException("every", "a heartbeat's interval is its heartbeat field");
        }
        if (kind != Monitor.Kind.HEARTBEAT && body.string("every") == null) {
            throw new ValidationException("every", "is required: how often to check, such as 30s");
        }
        int[] expect = body.string("expect") == null ? new int[] {200, 299} : NewMonitor.parseRange(body.string("expect"));
        Integer failures = body.integer("failures", 1, 100);
        Integer successes = body.integer("successes", 1, 100);
        return new AddMonitor(new NewMonitor(body.requiredString("service"), body.string("name"), kind,
                http != null ? http : tcp,
                NewMonitor.parseDuration(kind == Monitor.Kind.HEARTBEAT ? "heartbeat" : "every",
                        kind == Monitor.Kind.HEARTBEAT ? heartbeat : body.string("every")),
                NewMonitor.parseDuration("grace", body.string("grace")), NewMonitor.parseDuration("timeout", body.string("timeout")),
                expect[0], expect[1], body.string("bodyContains"),
                failures == null ? (kind == Monitor.Kind.HEARTBEAT ? 1 : 3) : failures, successes == null ? 1 : successes,
                body.parsed("down", Status::parse)));
    }

    @Override
    public OperationType<AddedMonitor> type() {
        return TYPE;
    }

    @Override
    public String toJson() {
        NewMonitor m = monitor;
        var json = new OperationJson.Writer().put("service", m.serviceId()).put("name", m.name());
        switch (m.kind()) {
            case HEARTBEAT -> json.put("heartbeat", NewMonitor.format(m.interval())).put("grace", NewMonitor.format(m.grace()));
            case HTTP -> json.put("http", m.target()).put("every", NewMonitor.format(m.interval()))
                    .put("timeout", NewMonitor.format(m.timeout())).put("expect", m.expectFrom() + "-" + m.expectTo())
                    .put("bodyContains", m.bodyContains());
            case TCP -> json.put("tcp", m.target()).put("every", NewMonitor.format(m.interval()))
                    .put("timeout", NewMonitor.format(m.timeout()));
        }
        if (m.kind() != Monitor.Kind.HEARTBEAT) {
            json.put("failures", m.failuresToDown()).put("successes", m.successesToUp());
        }
        return json.put("down", m.downStatus()).toString();
    }
}
