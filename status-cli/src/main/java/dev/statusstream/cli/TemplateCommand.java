package dev.statusstream.cli;

import dev.statusstream.AddTemplate;
import dev.statusstream.EditTemplate;
import dev.statusstream.IncidentTemplate;
import dev.statusstream.NotFoundException;
import dev.statusstream.RemoveTemplate;
import dev.statusstream.Status;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code status template ...}. */
@Command(name = "template", mixinStandardHelpOptions = true,
        description = "Keep incident templates: what a responder opens a known kind of incident from.",
        footer = {"", "Examples:",
            "  status template add api-down --title \"API unavailable\" --impact outage --services api \\",
            "         --body \"The API is not answering; we are investigating\"",
            "  slug=$(status incident open --template api-down)",
            "  status template list"},
        subcommands = {TemplateCommand.Add.class, TemplateCommand.Edit.class, TemplateCommand.ListTemplates.class,
            TemplateCommand.Show.class, TemplateCommand.Remove.class})
final class TemplateCommand {
    /** How many templates one admin call returns while {@code list} pages through them. */
    static final int PAGE = 100;

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Save a new template (the page does not change).",
            footer = {"", "Example:", "  status template add api-down --title \"API unavailable\" --impact outage --services api \\",
                "         --body \"The API is not answering; we are investigating\""})
    static final class Add extends Leaf {
        @Parameters(index = "0", paramLabel = "<name>", description = "Lowercase letters, digits and '-'.")
        String name;

        @Option(names = "--title", required = true, paramLabel = "TEXT", description = "The incident's headline; repeatable per language.")
        List<String> title;

        @Option(names = "--impact", required = true, paramLabel = "<status>",
                description = "degraded, outage, maintenance, operational or unknown.")
        String impact;

        @Option(names = "--services", split = ",", paramLabel = "<id,id>", description = "The services it usually affects.")
        List<String> services;

        @Option(names = "--body", paramLabel = "TEXT", description = "The first update; repeatable per language.")
        List<String> body;

        @Override
        Request request(ParseContext context) {
            return new Request.Write<>(new AddTemplate(new IncidentTemplate(name, Texts.parse(title, context, "--title"),
                    Texts.parse(body, context, "--body"), Status.parse(impact), services)), (out, change) -> out.template(change, "added"));
        }
    }

    @Command(name = "edit", mixinStandardHelpOptions = true, description = "Change a template; incidents opened from it stay as they are.",
            footer = {"", "An empty --body \"\" removes the first update's text.", "",
                "Example:", "  status template edit api-down --impact degraded --body \"Some API calls fail\""})
    static final class Edit extends Leaf {
        @Parameters(index = "0", paramLabel = "<name>", description = "The template's name.")
        String name;

        @Option(names = "--title", paramLabel = "TEXT", description = "New headline; repeatable per language.")
        List<String> title;

        @Option(names = "--impact", paramLabel = "<status>", description = "New impact.")
        String impact;

        @Option(names = "--services", split = ",", paramLabel = "<id,id>", description = "The services (replaces the list).")
        List<String> services;

        @Option(names = "--body", paramLabel = "TEXT", description = "New first update; repeatable per language.")
        List<String> body;

        @Override
        Request request(ParseContext context) {
            return new Request.Write<>(new EditTemplate(name, Texts.parse(title, context, "--title"),
                    Texts.parseOrClear(body, context, "--body"), impact == null ? null : Status.parse(impact), services),
                    (out, change) -> out.template(change, "changed"));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every template, by name.",
            footer = {"", "Example:", "  status template list --json"})
    static final class ListTemplates extends Leaf {
        @Override
        Request request(ParseContext context) {
            return new Request.Read((ops, out) -> {
                List<IncidentTemplate> all = new ArrayList<>();
                String after = null;
                List<IncidentTemplate> page;
                do {
                    page = ops.templates(after, PAGE);
                    all.addAll(page);
                    after = page.isEmpty() ? null : page.getLast().name();
                } while (page.size() == PAGE);
                out.templates(all);
            });
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one template in full.",
            footer = {"", "Example:", "  status template show api-down"})
    static final class Show extends Leaf {
        @Parameters(index = "0", paramLabel = "<name>", description = "The template's name.")
        String name;

        @Override
        Request request(ParseContext context) {
            IncidentTemplate.checkName(name);
            return new Request.Read((ops, out) -> out.show(ops.template(name)
                    .orElseThrow(() -> new NotFoundException("name", "no template named '" + name + "'"))));
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Delete a template.",
            footer = {"", "Example:", "  status template remove api-down"})
    static final class Remove extends Leaf {
        @Parameters(index = "0", paramLabel = "<name>", description = "The template's name.")
        String name;

        @Override
        Request request(ParseContext context) {
            return new Request.Write<>(new RemoveTemplate(name), (out, change) -> out.template(change, "removed"));
        }
    }
}
