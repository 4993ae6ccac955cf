package dev.statusstream.cli;

import dev.statusstream.EditIncident;
import dev.statusstream.FromTemplate;
import dev.statusstream.LocalizedText;
import dev.statusstream.RemovePostmortem;
import dev.statusstream.SetPostmortem;
import dev.statusstream.ValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
            "  status incident postmortem \"$slug\" --file postmortem.txt",
            "", "Each subcommand has its own --help, e.g. status incident open --help."},
        subcommands = {IncidentCommand.Open.class, IncidentCommand.Update.class, IncidentCommand.Resolve.class,
            IncidentCommand.Edit.class, IncidentCommand.PostmortemCommand.class})
final class IncidentCommand {

    @Command(name = "open", mixinStandardHelpOptions = true, description = "Open an incident; prints its slug alone.",
            footer = {"", "Examples:",
                "  slug=$(status incident open --title \"API latency\" --title ja=\"API遅延\" --impact degraded --services api \\",
                "         --body \"Investigating\" --body ja=\"調査中\")",
                "  slug=$(status incident open --template api-down --impact degraded)",
                "", "With --template, the template's title, impact, services and body are used unless given."})
    static final class Open extends Leaf {
        @Option(names = "--template", paramLabel = "NAME", description = "Open from this template (status template list).")
        String template;

        @Option(names = "--title", paramLabel = "TEXT", description = "Headline; repeatable per language. Required without --template.")
        List<String> title;

        @Option(names = "--impact", paramLabel = "<status>",
                description = "degraded, outage, maintenance, operational or unknown. Required without --template.")
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
            if (template != null) {
                return new Request.Write<>(OpenIncident.fromTemplate(new FromTemplate(template, Texts.parse(title, context, "--title"),
                        impact == null ? null : Status.parse(impact), services, Texts.parse(body, context, "--body"), slug,
                        Texts.parse(description, context, "--description"), link)), Output::opened);
            }
            if (title == null || impact == null) {
                throw new ValidationException(title == null ? "--title" : "--impact", "is required (or open from a --template)");
            }
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

    @Command(name = "postmortem", mixinStandardHelpOptions = true,
            description = "Publish, replace or remove the postmortem of a resolved incident; the page shows it at once.",
            footer = {"", "Text in paragraphs separated by a blank line, shown as text (never as HTML).", "",
                "Examples:", "  status incident postmortem 2026-11-27-api-latency --file postmortem.txt",
                "  status incident postmortem 2026-11-27-api-latency --body \"A bad deploy. We now canary every release.\"",
                "  status incident postmortem 2026-11-27-api-latency --remove"})
    static final class PostmortemCommand extends Leaf {
        /** The longest postmortem file read. */
        static final int MAX_FILE = 256 * 1024;

        @Parameters(index = "0", paramLabel = "<slug>", description = "The incident's slug.")
        String slug;

        @Option(names = "--body", paramLabel = "TEXT", description = "The text; repeatable per language (ja=...).")
        List<String> body;

        @Option(names = "--file", paramLabel = "FILE", description = "Read the text (default language) from this UTF-8 file.")
        Path file;

        @Option(names = "--remove", description = "Take the postmortem off the page.")
        boolean remove;

        @Override
        Request request(ParseContext context) {
            Incident.checkSlug(slug);
            int given = (body != null ? 1 : 0) + (file != null ? 1 : 0) + (remove ? 1 : 0);
            if (given != 1) {
                throw new ValidationException("--body", "give exactly one of --body, --file and --remove");
            }
            if (remove) {
                return new Request.Write<>(new RemovePostmortem(slug), (out, change) -> out.postmortem(change, "removed"));
            }
            LocalizedText text = file == null ? Texts.parse(body, context, "--body") : LocalizedText.of(context.language(), read(file));
            return new Request.Write<>(new SetPostmortem(slug, text), (out, change) -> out.postmortem(change, "published"));
        }

        private static String read(Path file) {
            try {
                if (Files.size(file) > MAX_FILE) {
                    throw new ValidationException("--file", file + " is larger than " + MAX_FILE + " bytes");
                }
                return Files.readString(file);
            } catch (IOException e) {
                throw new ValidationException("--file", "cannot read " + file + " as UTF-8 text: " + e.getMessage());
            }
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
