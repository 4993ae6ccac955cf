package dev.statusstream.cli;

import dev.statusstream.EditIncident;
import dev.statusstream.Incident;
import dev.statusstream.IncidentKind;
import dev.statusstream.IncidentPatch;
import dev.statusstream.NewIncident;
import dev.statusstream.OpenIncident;
import dev.statusstream.Status;
import dev.statusstream.ValidationException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code status maintenance ...}: scheduled maintenance windows. */
@Command(name = "maintenance", mixinStandardHelpOptions = true,
        description = {"Schedule maintenance windows, which start and complete on their own.", "",
            "A window moves to inProgress at its start and to completed at its end, with an update each time.",
            "While it runs, its services show 'maintenance'; afterwards each goes back to what it was before,",
            "unless someone set another status meanwhile."},
        footer = {"", "Examples:",
            "  slug=$(status maintenance schedule --title \"Database upgrade\" --services api --starts +10m --ends +1h)",
            "  status maintenance reschedule \"$slug\" --ends +4h",
            "  status maintenance complete \"$slug\" --body \"Done early\"",
            "", "Each subcommand has its own --help, e.g. status maintenance schedule --help."},
        subcommands = {MaintenanceCommand.Schedule.class, MaintenanceCommand.Update.class, MaintenanceCommand.Reschedule.class,
            MaintenanceCommand.Complete.class})
final class MaintenanceCommand {
    private static final String TIMES = "Times: now, +30s, +10m, +2h, +1d, or with a zone: 2026-11-28T02:00Z, 2026-11-28T11:00+09:00.";

    @Command(name = "schedule", mixinStandardHelpOptions = true, description = "Schedule a maintenance window; prints its slug alone.",
            footer = {"", TIMES, "", "Example:",
                "  slug=$(status maintenance schedule --title \"Database upgrade\" --title ja=\"データベース更新\" --services api \\",
                "         --starts 2026-11-28T02:00Z --ends 2026-11-28T04:00Z --body \"Writes pause for a few minutes\")"})
    static final class Schedule extends Leaf {
        @Option(names = "--title", required = true, paramLabel = "TEXT", description = "Headline; repeatable per language.")
        List<String> title;

        @Option(names = "--services", split = ",", paramLabel = "<id,id>", description = "The services it affects.")
        List<String> services;

        @Option(names = "--starts", required = true, paramLabel = "TIME", description = "When it starts.")
        String starts;

        @Option(names = "--ends", required = true, paramLabel = "TIME", description = "When it ends.")
        String ends;

        @Option(names = "--body", paramLabel = "TEXT", description = "What will happen; repeatable per language.")
        List<String> body;

        @Option(names = "--impact", paramLabel = "<status>", description = "Impact shown (default maintenance).")
        String impact;

        @Option(names = "--slug", paramLabel = "SLUG", description = "URL name; default: date and title.")
        String slug;

        @Override
        Request request(ParseContext context) {
            return new Request.Write<>(new OpenIncident(new NewIncident(Texts.parse(title, context, "--title"),
                    impact == null ? Status.MAINTENANCE : Status.parse(impact), services, Texts.parse(body, context, "--body"),
                    IncidentKind.MAINTENANCE, slug, Times.parse(starts, context.clock(), "--starts"),
                    Times.parse(ends, context.clock(), "--ends"), null, null, null, null)), Output::opened);
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Post an update to a maintenance window.",
            footer = {"", "States: scheduled, inProgress, verifying, completed.", "",
                "Example:", "  status maintenance update 2026-11-28-database-upgrade --state verifying --body \"Checking replicas\""})
    static final class Update extends IncidentCommand.Update {
    }

    @Command(name = "reschedule", mixinStandardHelpOptions = true, description = "Move a window's start, end or both.",
            footer = {"", TIMES, "", "Example:", "  status maintenance reschedule 2026-11-28-database-upgrade --ends 2026-11-28T05:00Z"})
    static final class Reschedule extends Leaf {
        @Parameters(index = "0", paramLabel = "<slug>", description = "The window's slug.")
        String slug;

        @Option(names = "--starts", paramLabel = "TIME", description = "New start.")
        String starts;

        @Option(names = "--ends", paramLabel = "TIME", description = "New end.")
        String ends;

        @Override
        Request request(ParseContext context) {
            if (starts == null && ends == null) {
                throw new ValidationException("--starts", "give --starts, --ends or both");
            }
            return new Request.Write<>(new EditIncident(Incident.checkSlug(slug), IncidentPatch.window(
                    Times.parse(starts, context.clock(), "--starts"), Times.parse(ends, context.clock(), "--ends"))),
                    Output::incident);
        }
    }

    @Command(name = "complete", mixinStandardHelpOptions = true, description = "Complete a window now (before its end).",
            footer = {"", "Example:", "  status maintenance complete 2026-11-28-database-upgrade --body \"Done early\""})
    static final class Complete extends IncidentCommand.Resolve {
    }
}
