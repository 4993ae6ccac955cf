package dev.statusstream.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code status}: the root command and its options shared by every subcommand. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {"Change and inspect a StatusStream status page.", "",
            "Talks to PostgreSQL and Redis directly, configured like the server: STATUS_DATABASE_URL and",
            "STATUS_REDIS_URL, or, without them, the connection a local status-server left in ./status-data",
            "(STATUS_DATA_DIR)."},
        footer = {"", "Examples:",
            "  status service add api --label \"Public API\" --label ja=\"公開API\" --category Platform",
            "  status service set api degraded --summary \"Elevated latency\"",
            "  slug=$(status incident open --title \"API latency\" --impact degraded --services api --body \"Investigating\")",
            "  status incident update \"$slug\" --state identified --body \"A bad deploy; rolling back\"",
            "  status incident resolve \"$slug\" --body \"Rolled back\"",
            "  status list --json",
            "", "Exit status: 0 done, 1 failed (nothing changed unless it says so), 2 bad usage."},
        subcommands = {ServiceCommand.class, IncidentCommand.class, ListCommand.class, PublishCommand.class})
public final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print JSON instead of text, for scripts.")
    boolean json;

    Cli cli;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    /** The running CLI, for any command below the root. */
    static Cli cli(CommandSpec leaf) {
        return ((StatusCommand) leaf.root().userObject()).cli;
    }

    static boolean json(CommandSpec leaf) {
        return ((StatusCommand) leaf.root().userObject()).json;
    }
}
