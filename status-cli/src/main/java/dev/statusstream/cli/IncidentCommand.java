package dev.statusstream.cli;

import dev.statusstream.EditIncident;
import dev.statusstream.Incident;
import dev.statusstream.IncidentKind;
import dev.statusstream.IncidentPatch;
import dev.statusstream.IncidentState;
import dev.statusstream.NewIncident;
import dev.statusstream.OpenIncident;
import dev.statusstream.ResolveIncident;
import dev.statusstream.Status;
import dev.statusstream.UpdateIncident;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code status incident ...}. */
@Command(name = "incident", mixinStandardHelpOptions = true, description = "Open, update, edit and resolve incidents.",
        footer = {"", "Examples:",
            "  slug=$(status incident open --title \"API latency\" --impact degraded --services api --body \"Investigating\")",
            "  status incident update \"$slug\" --state identified --body \"A bad deploy; rolling back\"",
            "  status incident resolve \"$slug\" --body \"Rolled back\"",
            "", "Each subcommand has its own --help, e.g. status incident open --help."},
        subcommands = {IncidentCommand.Open.class, IncidentCommand.Update.class, IncidentCommand.Resolve.class,
            IncidentCommand.Edit.class})
final class IncidentCommand {

    @Command(name = "open", mixinStandardHelpOptions = true, description = "Open an incident; prints its slug alone.",
            footer = {"", "Example:",
                "  slug=$(status incident open --title \"API latency\" --title ja=\"API遅延\" --impact degraded --services api \\",
                "         --body \"Investigating\" --body ja=\"調査中\")"})
    static final class Open extends Leaf {
        @Option(names = "--title", required = true, paramLabel = "TEXT", description = "Headline; repeatable per language.")
        List<String> title;

        @Option(names = "--impact", required = true, paramLabel = "<status>",
                description = "degraded, outage, maintenance, operational or unknown.")
        String impact;

        @Option(names = "--services", split = ",", paramLabel = "<id,id>", description = "Affected service ids.")
        List<String> services;

        @Option(names = "--body", paramLabel = "TEXT", description = "First update; repeatable per language.")
        List<String> body;

        @Option(names = "--slug", paramLabel = "SLUG", description = "URL name; default: date and title.")
        String slug;

        @Option(names = "--description", paramLabel = "TEXT", description = "Longer description; repeatable per language.")
        List<String> description;

        @Option(names = "--link", paramLabel = "URL", description = "Where to read more (http or https).")
        String link;

        @Override
        Request request(ParseContext context) {
            return new Request.Write<>(new OpenIncident(new NewIncident(Texts.parse(title, context, "--title"),
                    Status.parse(impact), services, Texts.parse(body, context, "--body"), IncidentKind.INCIDENT, slug, null, null,
                    Texts.parse(description, context, "--description"), null, link, null)), Output::opened);
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Post an update that moves the incident to a state.",
            footer = {"", "States: investigating, identified, monitoring, resolved",
                "(maintenance: scheduled, inProgress, verifying, completed).", "",
                "Example:", "  status incident update 2026-11-27-api-latency --state monitoring --body \"Fix deployed\""})
    static class Update extends Leaf {
        @Parameters(index = "0", paramLabel = "<slug>", description = "The incident's slug.")
        String slug;

        @Option(names = "--state", required = true, paramLabel = "<state>", description = "The state the incident moves to.")
        String state;

        @Option(names = "--body", required = true, paramLabel = "TEXT", description = "What changed; repeatable per language.")
        List<String> body;

        @Override
        Request request(ParseContext context) {
            return new Request.Write<>(new UpdateIncident(Incident.checkSlug(slug), IncidentState.parse(state),
                    Texts.parse(body, context, "--body")), Output::incident);
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true, description = "Resolve the incident.",
            footer = {"", "Example:", "  status incident resolve 2026-11-27-api-latency --body \"Rolled back; all good\""})
    static class Resolve extends Leaf {
        @Parameters(index = "0", paramLabel = "<slug>", description = "The incident's slug.")
        String slug;

        @Option(names = "--body", paramLabel = "TEXT", description = "Closing words; repeatable per language.")
        List<String> body;

        @Override
        Request request(ParseContext context) {
            return new Request.Write<>(new ResolveIncident(Incident.checkSlug(slug), Texts.parse(body, context, "--body")),
                    Output::incident);
        }
    }

    @Command(name = "edit", mixinStandardHelpOptions = true,
            description = "Fix what an incident says or covers, without posting an update.",
            footer = {"", "An empty --description \"\", --cause \"\" or --link \"\" removes it.", "",
                "Example:", "  status incident edit 2026-11-27-api-latency --title \"API latency in eu-west\" --services api"})
    static final class Edit extends Leaf {
        @Parameters(index = "0", paramLabel = "<slug>", description = "The incident's slug.")
        String slug;

        @Option(names = "--title", paramLabel = "TEXT", description = "New headline; repeatable per language.")
        List<String> title;

        @Option(names = "--impact", paramLabel = "<status>", description = "New impact.")
        String impact;

        @Option(names = "--services", split = ",", paramLabel = "<id,id>", description = "The affected services (replaces the list).")
        List<String> services;

        @Option(names = "--description", paramLabel = "TEXT", description = "Longer description; repeatable per language.")
        List<String> description;

        @Option(names = "--cause", paramLabel = "TEXT", description = "The cause; repeatable per language.")
        List<String> cause;

        @Option(names = "--link", paramLabel = "URL", description = "Where to read more (http or https).")
        String link;

        @Override
        Request request(ParseContext context) {
            return new Request.Write<>(new EditIncident(Incident.checkSlug(slug), new IncidentPatch(Texts.parse(title, context, "--title"),
                    impact == null ? null : Status.parse(impact), services, Texts.parseOrClear(description, context, "--description"),
                    Texts.parseOrClear(cause, context, "--cause"), link, null, null, null)), Output::incident);
        }
    }
}
