package dev.statusstream.server.console;

import dev.statusstream.AddMonitor;
import dev.statusstream.AddedMonitor;
import dev.statusstream.CheckResult;
import dev.statusstream.Control;
import dev.statusstream.Monitor;
import dev.statusstream.NewMonitor;
import dev.statusstream.PauseMonitor;
import dev.statusstream.RemoveMonitor;
import dev.statusstream.Service;
import dev.statusstream.Session;
import dev.statusstream.SetControl;
import dev.statusstream.Status;
import dev.statusstream.ValidationException;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Monitors (everyone reads them; admins add, pause, resume and remove them, as with the CLI) and handing
 * a service back to automation (responders). A heartbeat's push URL is shown on the page that answers
 * the form, once, and never put in a URL of the console. Thread-safe.
 */
final class MonitorPages extends ConsolePages {
    static final int PAGE = 100;

    MonitorPages(ConsoleRenderer renderer) {
        super(renderer);
    }

    /** {@code GET /admin/monitors?service=&after=}: a page of monitors with their latest results. */
    void list(Context ctx, Session session) {
        show(ctx, session, 200, null, null);
    }

    private void show(Context ctx, Session session, int code, String issuedName, String issuedUrl) {
        String service = issuedName == null ? ctx.queryParam("service") : null;
        String after = issuedName == null ? ctx.queryParam("after") : null;
        if (service != null && service.isBlank()) {
            service = null;
        }
        List<Monitor> monitors = status.automation().monitors(service, after, PAGE);
        Map<String, CheckResult> last = status.automation().lastResults(monitors.stream().map(Monitor::name).toList());
        var frame = renderer.frame(session, "Monitors", "monitors");
        renderer.render(ctx, code, "console/monitors.jte", new MonitorViews.Page(issuedUrl == null ? frame : frame.answering(),
                monitors.stream().map(m -> new MonitorViews.Row(m, last.get(m.name()))).toList(), status.snapshot().services(),
                service, monitors.size() == PAGE ? monitors.getLast().name() : null, issuedName, issuedUrl));
    }

    /** {@code POST /admin/monitors}: one form per kind, told apart by which of heartbeat, http or tcp it fills. */
    void add(Context ctx, Session session) {
        AddedMonitor added = renderer.execute(ctx, session, new AddMonitor(read(ctx))).value();
        if (added.pushPath() == null) {
            ConsoleRenderer.back(ctx, "/admin/monitors");
            return;
        }
        show(ctx, session, 201, added.monitor().name(), absolute(ctx, added.pushPath()));
    }

    private static NewMonitor read(Context ctx) {
        String heartbeat = Forms.optional(ctx, "heartbeat");
        String http = Forms.optional(ctx, "http");
        String tcp = Forms.optional(ctx, "tcp");
        if ((heartbeat != null ? 1 : 0) + (http != null ? 1 : 0) + (tcp != null ? 1 : 0) != 1) {
            throw new ValidationException(heartbeat == null && http == null && tcp == null ? "heartbeat" : "http",
                    "give exactly one of heartbeat (its interval), http (a URL) or tcp (host:port)");
        }
        Monitor.Kind kind = heartbeat != null ? Monitor.Kind.HEARTBEAT : http != null ? Monitor.Kind.HTTP : Monitor.Kind.TCP;
        Duration interval = NewMonitor.parseDuration(heartbeat != null ? "heartbeat" : "every",
                heartbeat != null ? heartbeat : Forms.required(ctx, "every"));
        String expect = Forms.optional(ctx, "expect");
        int[] range = expect == null ? new int[] {200, 299} : NewMonitor.parseRange(expect);
        String down = Forms.optional(ctx, "down");
        return new NewMonitor(Service.checkId(Forms.required(ctx, "service")), Forms.optional(ctx, "name"), kind,
                http != null ? http : tcp, interval, NewMonitor.parseDuration("grace", Forms.optional(ctx, "grace")),
                NewMonitor.parseDuration("timeout", Forms.optional(ctx, "timeout")), range[0], range[1],
                Forms.optional(ctx, "bodyContains"), count(ctx, "failures", kind == Monitor.Kind.HEARTBEAT ? 1 : 3),
                count(ctx, "successes", 1), down == null ? null : Status.parse(down));
    }

    private static int count(Context ctx, String field, int otherwise) {
        String value = Forms.optional(ctx, field);
        if (value == null) {
            return otherwise;
        }
        if (!value.matches("[0-9]{1,3}")) {
            throw new ValidationException(field, "must be a whole number from 1 to 100, not '" + value + "'");
        }
        return Integer.parseInt(value);
    }

    /** {@code POST /admin/monitors/{monitor}/paused} with {@code paused=true|false}. */
    void pause(Context ctx, Session session) {
        String paused = Forms.required(ctx, "paused");
        if (!paused.equals("true") && !paused.equals("false")) {
            throw new ValidationException("paused", "must be true or false");
        }
        renderer.execute(ctx, session, new PauseMonitor(Monitor.checkName(ctx.pathParam("monitor")), paused.equals("true")));
        ConsoleRenderer.back(ctx, "/admin/monitors");
    }

    /** {@code POST /admin/monitors/{monitor}/remove}: the monitor and its results. */
    void remove(Context ctx, Session session) {
        renderer.execute(ctx, session, new RemoveMonitor(Monitor.checkName(ctx.pathParam("monitor"))));
        ConsoleRenderer.back(ctx, "/admin/monitors");
    }

    /** {@code POST /admin/services/{id}/control} with {@code control=automatic|manual}: changes no status. */
    void setControl(Context ctx, Session session) {
        renderer.execute(ctx, session, new SetControl(Service.checkId(ctx.pathParam("id")),
                Control.parse(Forms.required(ctx, "control"))));
        ConsoleRenderer.back(ctx, "/admin/services");
    }
}
