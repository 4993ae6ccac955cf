package dev.statusstream.cli;

import dev.statusstream.AddService;
import dev.statusstream.EditService;
import dev.statusstream.NewService;
import dev.statusstream.RemoveService;
import dev.statusstream.ReorderServices;
import dev.statusstream.Service;
import dev.statusstream.ServicePatch;
import dev.statusstream.Control;
import dev.statusstream.SetControl;
import dev.statusstream.SetStatus;
import dev.statusstream.Status;
import dev.statusstream.ValidationException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code status service ...}. */
@Command(name = "service", mixinStandardHelpOptions = true, description = "Add, change, order and remove services; set their status.",
        footer = {"", "Examples:",
            "  status service add api --label \"Public API\" --category Platform",
            "  status service set api degraded --summary \"Elevated latency\"",
            "  status service order web api",
            "", "Each subcommand has its own --help, e.g. status service set --help."},
        subcommands = {ServiceCommand.Add.class, ServiceCommand.Set.class, ServiceCommand.Edit.class, ServiceCommand.Order.class,
            ServiceCommand.Remove.class})
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
        Request request(ParseContext context) {
            return new Request.Write<>(new AddService(new NewService(id, Texts.parse(label, context, "--label"), category,
                    Texts.parse(description, context, "--description"), position)), (out, change) -> out.service(change, "added"));
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = {"Set a service's status by hand, or hand it back to automation.", "",
                "A status set by hand stays until you set another or hand the service back with 'auto':",
                "monitors and alerts do not change it meanwhile. 'auto' changes no status; the next report does."},
            footer = {"", "Statuses: operational, degraded, outage, maintenance, unknown; or auto.", "",
                "Examples:", "  status service set api outage --summary \"Requests fail\" --summary ja=\"リクエストが失敗します\"",
                "  status service set api auto"})
    static final class Set extends Leaf {
        @Parameters(index = "0", paramLabel = "<id>", description = "Service id.")
        String id;

        @Parameters(index = "1", paramLabel = "<status>", description = "operational, degraded, outage, maintenance or unknown; "
                + "auto hands the service back to its monitors and alerts.")
        String status;

        @Option(names = "--summary", paramLabel = "TEXT", description = "Short reason; repeatable per language.")
        List<String> summary;

        @Override
        Request request(ParseContext context) {
            if ("auto".equals(status) || "automatic".equals(status)) {
                if (summary != null && !summary.isEmpty()) {
                    throw new ValidationException("--summary", "does not go with auto: handing a service back changes no status");
                }
                return new Request.Write<>(new SetControl(Service.checkId(id), Control.AUTOMATIC), Output::control);
            }
            return new Request.Write<>(new SetStatus(Service.checkId(id), Status.parse(status),
                    Texts.parse(summary, context, "--summary")), (out, change) -> out.service(change, "set"));
        }
    }

    @Command(name = "edit", mixinStandardHelpOptions = true, description = "Change a service's label, category, description or position.",
            footer = {"", "An empty --description \"\" or --category \"\" removes it.", "",
                "Example:", "  status service edit api --label \"Public API (v2)\" --label ja=\"公開API (v2)\" --category Platform"})
    static final class Edit extends Leaf {
        @Parameters(index = "0", paramLabel = "<id>", description = "Service id.")
        String id;

        @Option(names = "--label", paramLabel = "TEXT", description = "New name; repeatable per language.")
        List<String> label;

        @Option(names = "--category", paramLabel = "C", description = "New group heading.")
        String category;

        @Option(names = "--description", paramLabel = "TEXT", description = "New description; repeatable per language.")
        List<String> description;

        @Option(names = "--position", paramLabel = "N", description = "New sort key.")
        Integer position;

        @Override
        Request request(ParseContext context) {
            return new Request.Write<>(new EditService(Service.checkId(id), new ServicePatch(Texts.parse(label, context, "--label"),
                    category, Texts.parseOrClear(description, context, "--description"), position)),
                    (out, change) -> out.service(change, "changed"));
        }
    }

    @Command(name = "order", mixinStandardHelpOptions = true,
            description = "Put services first on the page, in this order; the others keep theirs after them.",
            footer = {"", "Example:", "  status service order web api"})
    static final class Order extends Leaf {
        @Parameters(arity = "1..*", paramLabel = "<id>", description = "Service ids in their new order.")
        List<String> ids;

        @Override
        Request request(ParseContext context) {
            ids.forEach(Service::checkId);
            return new Request.Write<>(new ReorderServices(ids), Output::order);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = {"Delete a service and its whole status history.", "",
                "The history (the uptime bars) goes too, so this needs --yes: it cannot be undone."},
            footer = {"", "Example:", "  status service remove old-api --yes"})
    static final class Remove extends Leaf {
        @Parameters(index = "0", paramLabel = "<id>", description = "Service id.")
        String id;

        @Option(names = "--yes", description = "Yes, delete it and its history.")
        boolean yes;

        @Override
        Request request(ParseContext context) {
            Service.checkId(id);
            if (!yes) {
                throw new ValidationException("--yes", "removing '" + id + "' deletes its status history for good; "
                        + "add --yes if that is what you want");
            }
            return new Request.Write<>(new RemoveService(id), (out, change) -> out.service(change, "removed"));
        }
    }
}
