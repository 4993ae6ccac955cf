package dev.statusstream.cli;

import dev.statusstream.NewService;
import dev.statusstream.Status;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code status service ...}. */
@Command(name = "service", mixinStandardHelpOptions = true, description = "Add services and set their status.",
        subcommands = {ServiceCommand.Add.class, ServiceCommand.Set.class})
final class ServiceCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a service (it starts operational).",
            footer = {"", "Example:", "  status service add api --label \"Public API\" --label ja=\"公開API\" --category Platform"})
    static final class Add extends Leaf {
        @Parameters(index = "0", paramLabel = "<id>", description = "Service id: lowercase letters, digits and '-'.")
        String id;

        @Option(names = "--label", required = true, paramLabel = "TEXT",
                description = "Name shown on the page; repeat as --label ja=TEXT for other languages.")
        List<String> label;

        @Option(names = "--category", paramLabel = "C", description = "Group heading on the page.")
        String category;

        @Option(names = "--description", paramLabel = "TEXT", description = "What the service is; repeatable per language.")
        List<String> description;

        @Option(names = "--position", paramLabel = "N", description = "Sort key (lower first); default: last.")
        Integer position;

        @Override
        Request request(String defaultLanguage) {
            return new Request.AddService(new NewService(id, Texts.parse(label, defaultLanguage, "--label"), category,
                    Texts.parse(description, defaultLanguage, "--description"), position));
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Set a service's status.",
            footer = {"", "Statuses: operational, degraded, outage, maintenance, unknown.", "",
                "Example:", "  status service set api outage --summary \"Requests fail\" --summary ja=\"リクエストが失敗します\""})
    static final class Set extends Leaf {
        @Parameters(index = "0", paramLabel = "<id>", description = "Service id.")
        String id;

        @Parameters(index = "1", paramLabel = "<status>", description = "operational, degraded, outage, maintenance or unknown.")
        String status;

        @Option(names = "--summary", paramLabel = "TEXT", description = "Short reason; repeatable per language.")
        List<String> summary;

        @Override
        Request request(String defaultLanguage) {
            return new Request.SetStatus(dev.statusstream.Service.checkId(id), Status.parse(status),
                    Texts.parse(summary, defaultLanguage, "--summary"));
        }
    }
}
