package dev.statusstream.server.console;

import dev.statusstream.CheckResult;
import dev.statusstream.Monitor;
import dev.statusstream.NewMonitor;
import dev.statusstream.Service;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** What the console's monitors page shows. Immutable records; no logic beyond formatting. */
public final class MonitorViews {
    private MonitorViews() {
    }

    /**
     * The monitors page.
     *
     * @param service    the service the list is filtered by; null for all
     * @param next       the next page's {@code after}; null on the last page
     * @param issuedName the heartbeat just added, whose push URL is shown this once; null otherwise
     * @param issuedUrl  its push URL
     */
    public record Page(ConsoleViews.Frame frame, List<Row> monitors, List<Service> services, String service, String next,
            String issuedName, String issuedUrl) {
        public String nextLink() {
            return "/admin/monitors?after=" + next + (service == null ? "" : "&service=" + URLEncoder.encode(service, StandardCharsets.UTF_8));
        }
    }

    /** One monitor with its latest check run (null for heartbeats and checks that have not run in a day). */
    public record Row(Monitor monitor, CheckResult last) {
        /** {@code up}, {@code down}, {@code unknown} or {@code paused}. */
        public String state() {
            return monitor.paused() ? "paused" : monitor.state().wireName();
        }

        /** The badge's colour, as a service status would have it. */
        public String badge() {
            return switch (state()) {
                case "up" -> "status-operational";
                case "down" -> "status-" + monitor.downStatus().wireName();
                default -> "muted";
            };
        }

        /** What it watches and how often, in one line. */
        public String watches() {
            String every = NewMonitor.format(monitor.interval());
            return switch (monitor.kind()) {
                case HEARTBEAT -> "a ping at least every " + every
                        + (monitor.grace().isZero() ? "" : " (+ " + NewMonitor.format(monitor.grace()) + " grace)");
                case HTTP -> "HTTP " + monitor.target() + " every " + every + ", expecting " + monitor.expectFrom()
                        + (monitor.expectTo() == monitor.expectFrom() ? "" : "-" + monitor.expectTo())
                        + (monitor.bodyContains() == null ? "" : " and the text \u201c" + monitor.bodyContains() + "\u201d");
                case TCP -> "TCP " + monitor.target() + " every " + every;
            };
        }

        /** The last ping of a heartbeat, or the last run of a check. */
        public String lastResult() {
            if (monitor.kind() == Monitor.Kind.HEARTBEAT) {
                return monitor.lastSeenAt() == null ? "no ping yet" : "last ping " + time(monitor.lastSeenAt());
            }
            if (last == null) {
                return monitor.lastSeenAt() == null ? "not run yet" : "last run " + time(monitor.lastSeenAt());
            }
            return (last.ok() ? "passed" : "failed") + " in " + last.latencyMs() + " ms, " + time(last.at())
                    + (last.ok() || last.error() == null ? "" : ": " + last.error());
        }

        private static String time(Instant at) {
            return at.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ').replace("Z", " UTC");
        }
    }
}
