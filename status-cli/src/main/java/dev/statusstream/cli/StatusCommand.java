package dev.statusstream.cli;

import dev.statusstream.ValidationException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code status}: the root command and the options every subcommand shares. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {"Change and inspect a StatusStream status page.", "",
            "Direct mode (the default) talks to PostgreSQL and Redis through the library, configured like the server",
            "(STATUS_DATABASE_URL, STATUS_REDIS_URL, STATUS_DEFAULT_LANGUAGE, STATUS_CACHE_TTL, STATUS_RECENT_INCIDENTS,",
            "STATUS_REDIS_PREFIX: every writer of a page must share them) or, without STATUS_DATABASE_URL, by the",
            "settings a local status-server left in ./status-data (STATUS_DATA_DIR).",
            "Remote mode (--server URL) uses that server's admin API, with the token from STATUS_ADMIN_TOKEN, from",
            "--token-file FILE, or, for the local server that generated it, the one in ./status-data.",
            "Texts without a language prefix are in the page's default language (in remote mode, the server's)."},
        footer = {"", "Examples:",
            "  status service add api --label \"Public API\" --label ja=\"公開API\" --category Platform",
            "  status service set api degraded --summary \"Elevated latency\"",
            "  slug=$(status incident open --title \"API latency\" --impact degraded --services api --body \"Investigating\")",
            "  status incident update \"$slug\" --state identified --body \"A bad deploy; rolling back\"",
            "  status incident resolve \"$slug\" --body \"Rolled back\"",
            "  status maintenance schedule --title \"Database upgrade\" --services api --starts +10m --ends +1h",
            "  status --server https://status.example.com --token-file ~/.status-token list --json",
            "  status watch",
            "  status subscriber remove --email reader@example.org",
            "", "Exit status: 0 done, 1 failed (nothing changed), 2 bad usage or rejected input (nothing changed)."},
        subcommands = {ServiceCommand.class, IncidentCommand.class, MaintenanceCommand.class, MonitorCommand.class, ListCommand.class,
            ShowCommand.class, PublishCommand.class, WatchCommand.class, TemplateCommand.class, BrandingCommand.class,
            SubscriberCommand.class, AuditCommand.class,
            TokenCommand.class, OperatorCommand.class})
public final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print JSON instead of text, for scripts.")
    boolean json;

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Use this server's admin API (e.g. https://status.example.com) instead of the database.")
    String server;

    @Option(names = "--token-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Read the admin token from FILE (remote mode); default: STATUS_ADMIN_TOKEN.")
    Path tokenFile;

    /** Refused with a reason, so nobody learns to put a secret where shell history and ps see it. */
    @Option(names = "--token", scope = ScopeType.INHERIT, hidden = true, paramLabel = "TOKEN")
    String tokenFlag;

    Cli cli;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    Target target() {
        return new Target(server, tokenFile);
    }

    /**
     * Refuses what would otherwise be ignored or leak: a token as a flag, and a token file in direct
     * mode (STATUS_ADMIN_TOKEN without --server is fine: the environment may be set for the server).
     */
    void checkTokenOptions() {
        if (tokenFlag != null) {
            throw new ValidationException("--token", "tokens are not accepted as a flag (shell history and ps would show it); "
                    + "set STATUS_ADMIN_TOKEN or use --token-file FILE");
        }
        if (tokenFile != null && server == null) {
            throw new ValidationException("--token-file", "only with --server URL (direct mode writes to the database and needs no token)");
        }
    }

    /** The root command above any subcommand. */
    static StatusCommand root(CommandSpec leaf) {
        return (StatusCommand) leaf.root().userObject();
    }

    /** Where the operations go: a server's admin API, or (no server) the database directly. */
    record Target(String server, Path tokenFile) {
    }
}
