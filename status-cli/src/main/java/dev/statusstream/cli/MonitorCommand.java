package dev.statusstream.cli;

import dev.statusstream.AddMonitor;
import dev.statusstream.Monitor;
import dev.statusstream.NewMonitor;
import dev.statusstream.PauseMonitor;
import dev.statusstream.RemoveMonitor;
import dev.statusstream.Service;
import dev.statusstream.Status;
import dev.statusstream.ValidationException;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code status monitor ...}. */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = {"Heartbeats and checks that set a service's status by themselves.", "",
            "A monitor sets its service's status only while the service is automatic: a status set by hand",
            "stays until 'status service set <id> auto' hands the service back."},
        footer = {"", "Examples:",
            "  status monitor add backup --heartbeat 1h --grace 10m",
            "  status monitor add api --http https://api.example.com/health --every 30s --timeout 5s --expect 200-299",
            "  status monitor add db --tcp db.example.com:5432 --every 30s",
            "  status monitor list",
            "  status monitor pause api-http",
            "", "Each subcommand has its own --help."},
        subcommands = {MonitorCommand.Add.class, MonitorCommand.ListMonitors.class, MonitorCommand.Pause.class,
            MonitorCommand.Resume.class, MonitorCommand.Remove.class})
final class MonitorCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a heartbeat (--heartbeat) or a check (--http or --tcp) to a service.", "",
                "A heartbeat prints its secret push URL once: the job requests it (POST or GET) at least every",
                "interval; when no request comes within interval + grace the service goes down, the next brings it back.",
                "A check runs on one server at a time every interval; the service goes down after --failures",
                "failures in a row and comes back after --successes successes."},
            footer = {"", "Examples:", "  status monitor add backup --heartbeat 1h --grace 10m --down degraded",
                "  status monitor add api --http https://api.example.com/health --every 30s --body-contains ok"})
    static final class Add extends Leaf {
        @Parameters(index = "0", paramLabel = "<service>", description = "The service it sets.")
        String service;

        @Option(names = "--name", paramLabel = "NAME", description = "Its name (default: <service>-heartbeat, -http or -tcp).")
        String name;

        @Option(names = "--heartbeat", paramLabel = "INTERVAL", description = "A heartbeat pinged at least this often (5s or more).")
        String heartbeat;

        @Option(names = "--grace", paramLabel = "DURATION", description = "How late a ping may be (default 0s).")
        String grace;

        @Option(names = "--http", paramLabel = "URL", description = "Check this http(s) URL.")
        String http;

        @Option(names = "--tcp", paramLabel = "HOST:PORT", description = "Check that a TCP connection opens.")
        String tcp;

        @Option(names = "--every", paramLabel = "INTERVAL", description = "How often a check runs (2s or more).")
        String every;

        @Option(names = "--timeout", paramLabel = "DURATION", description = "How long a check waits (default 5s).")
        String timeout;

        @Option(names = "--expect", paramLabel = "RANGE", description = "HTTP statuses that count as up (default 200-299).")
        String expect;

        @Option(names = "--body-contains", paramLabel = "TEXT", description = "Text the HTTP response must contain.")
        String bodyContains;

        @Option(names = "--failures", paramLabel = "N", description = "Failures in a row before down (default 3).")
        Integer failures;

        @Option(names = "--successes", paramLabel = "N", description = "Successes in a row before up (default 1).")
        Integer successes;

        @Option(names = "--down", paramLabel = "STATUS", description = "outage (default) or degraded.")
        String down;

        @Override
        Request request(ParseContext context) {
            int given = (heartbeat != null ? 1 : 0) + (http != null ? 1 : 0) + (tcp != null ? 1 : 0);
            if (given != 1) {
                throw new ValidationException("--heartbeat", "give exactly one of --heartbeat, --http or --tcp");
            }
            Monitor.Kind kind = heartbeat != null ? Monitor.Kind.HEARTBEAT : http != null ? Monitor.Kind.HTTP : Monitor.Kind.TCP;
            if (kind == Monitor.Kind.HEARTBEAT && (every != null || timeout != null || expect != null || bodyContains != null
                    || failures != null || successes != null)) {
                throw new ValidationException("--heartbeat", "a heartbeat takes --grace and --down only");
            }
            if (kind != Monitor.Kind.HEARTBEAT && every == null) {
                throw new ValidationException("--every", "is required: how often to check, such as 30s");
            }
            if (kind != Monitor.Kind.HEARTBEAT && grace != null) {
                throw new ValidationException("--grace", "applies to heartbeats only");
            }
            Duration interval;
            Duration graceValue;
            Duration timeoutValue;
            int[] range;
            try {
                interval = NewMonitor.parseDuration("", kind == Monitor.Kind.HEARTBEAT ? heartbeat : every);
                graceValue = NewMonitor.parseDuration("", grace);
                timeoutValue = NewMonitor.parseDuration("", timeout);
                range = expect == null ? new int[] {200, 299} : NewMonitor.parseRange(expect);
            } catch (ValidationException e) {
                throw new ValidationException(option(kind), e.reason());
            }
            NewMonitor monitor;
            try {
                monitor = new NewMonitor(Service.checkId(service), name, kind, http != null ? http : tcp, interval, graceValue,
                        timeoutValue, range[0], range[1], bodyContains,
                        failures == null ? (kind == Monitor.Kind.HEARTBEAT ? 1 : 3) : failures,
                        successes == null ? 1 : successes, down == null ? null : Status.parse(down));
            } catch (ValidationException e) {
                throw new ValidationException(switch (e.field()) {
                    case "bodyContains" -> "--body-contains";
                    case "status" -> "--down";
                    default -> "--" + e.field();
                }, e.reason());
            }
            return new Request.Write<>(new AddMonitor(monitor), (out, change) -> out.monitorAdded(change));
        }

        private String option(Monitor.Kind kind) {
            return kind == Monitor.Kind.HEARTBEAT ? "--heartbeat" : "--every";
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List monitors with their state, a page at a time.",
            footer = {"", "Example:", "  status monitor list --service api"})
    static final class ListMonitors extends Leaf {
        @Option(names = "--service", paramLabel = "ID", description = "Only this service's.")
        String service;

        @Option(names = "--after", paramLabel = "NAME", description = "The page after this name (printed at the end of a full page).")
        String after;

        @Option(names = "--limit", paramLabel = "N", description = "At most this many (1 to 500, default 100).")
        int limit = 100;

        @Override
        Request request(ParseContext context) {
            if (limit < 1 || limit > 500) {
                throw new ValidationException("--limit", "must be from 1 to 500");
            }
            return new Request.ListMonitors(service == null ? null : Service.checkId(service),
                    after == null ? null : Monitor.checkName(after), limit);
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Stop running a monitor; it no longer counts.",
            footer = {"", "Example:", "  status monitor pause api-http"})
    static final class Pause extends Leaf {
        @Parameters(index = "0", paramLabel = "<name>", description = "The monitor.")
        String name;

        @Override
        Request request(ParseContext context) {
            return new Request.Write<>(new PauseMonitor(Monitor.checkName(name), true), (out, change) -> out.monitor(change, "paused"));
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Run a paused monitor again.",
            footer = {"", "Example:", "  status monitor resume api-http"})
    static final class Resume extends Leaf {
        @Parameters(index = "0", paramLabel = "<name>", description = "The monitor.")
        String name;

        @Override
        Request request(ParseContext context) {
            return new Request.Write<>(new PauseMonitor(Monitor.checkName(name), false), (out, change) -> out.monitor(change, "resumed"));
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a monitor and its results.",
            footer = {"", "Example:", "  status monitor remove api-http"})
    static final class Remove extends Leaf {
        @Parameters(index = "0", paramLabel = "<name>", description = "The monitor.")
        String name;

        @Override
        Request request(ParseContext context) {
            return new Request.Write<>(new RemoveMonitor(Monitor.checkName(name)), (out, change) -> out.monitor(change, "removed"));
        }
    }
}
