package dev.statusstream.cli;

import dev.statusstream.Incident;
import dev.statusstream.IncidentKind;
import dev.statusstream.IncidentState;
import dev.statusstream.NewIncident;
import dev.statusstream.Status;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code status incident ...}. */
@Command(name = "incident", mixinStandardHelpOptions = true, description = "Open, update and resolve incidents.",
        subcommands = {IncidentCommand.Open.class, IncidentCommand.Update.class, IncidentCommand.Resolve.class})
final class IncidentCommand {

    @Command(name = "open", mixinStandardHelpOptions = true, description = "Open an incident; prints its slug alone.",
            footer = {"", "Example:",
                "  slug=$(status incident open --title \"API latency\" --impact degraded --services api,web --body \"Investigating\")"})
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

        @Override
        Request request(String defaultLanguage) {
            return new Request.OpenIncident(new NewIncident(Texts.parse(title, defaultLanguage, "--title"),
                    Status.parse(impact), services, Texts.parse(body, defaultLanguage, "--body"), IncidentKind.INCIDENT,
                    slug, null, null, null, null, null, null));
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Post an update that moves the incident to a state.",
            footer = {"", "States: investigating, identified, monitoring, resolved.", "",
                "Example:", "  status incident update 2026-11-27-api-latency --state monitoring --body \"Fix deployed\""})
    static final class Update extends Leaf {
        @Parameters(index = "0", paramLabel = "<slug>", description = "The incident's slug.")
        String slug;

        @Option(names = "--state", required = true, paramLabel = "<state>", description = "The state the incident moves to.")
        String state;

        @Option(names = "--body", required = true, paramLabel = "TEXT", description = "What changed; repeatable per language.")
        List<String> body;

        @Override
        Request request(String defaultLanguage) {
            return new Request.UpdateIncident(Incident.checkSlug(slug), IncidentState.parse(state),
                    Texts.parse(body, defaultLanguage, "--body"));
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true, description = "Resolve the incident.",
            footer = {"", "Example:", "  status incident resolve 2026-11-27-api-latency --body \"Rolled back; all good\""})
    static final class Resolve extends Leaf {
        @Parameters(index = "0", paramLabel = "<slug>", description = "The incident's slug.")
        String slug;

        @Option(names = "--body", paramLabel = "TEXT", description = "Closing words; repeatable per language.")
        List<String> body;

        @Override
        Request request(String defaultLanguage) {
            return new Request.ResolveIncident(Incident.checkSlug(slug), Texts.parse(body, defaultLanguage, "--body"));
        }
    }
}
