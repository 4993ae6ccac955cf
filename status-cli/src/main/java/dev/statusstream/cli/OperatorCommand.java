package dev.statusstream.cli;

import dev.statusstream.AddOperator;
import dev.statusstream.ChangeOperatorRole;
import dev.statusstream.ReissueLink;
import dev.statusstream.RemoveOperator;
import dev.statusstream.Role;
import dev.statusstream.ValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code status operator ...}. */
@Command(name = "operator", mixinStandardHelpOptions = true, description = "People who sign in to the console at /admin.",
        footer = {"", "Roles: viewer (reads), responder (statuses, incidents, maintenance), admin (everything).",
            "A new operator gets a one-time link (valid 24 hours) to set a password; it starts with --server URL,",
            "else STATUS_PUBLIC_URL.", "",
            "Examples:",
            "  status operator add ana --role responder",
            "  status operator role ana admin",
            "  status operator link ana",
            "  status operator remove ana --yes"},
        subcommands = {OperatorCommand.Add.class, OperatorCommand.ListOperators.class, OperatorCommand.ChangeRole.class,
            OperatorCommand.Link.class, OperatorCommand.Remove.class})
final class OperatorCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            footer = {"", "Example:", "  status operator add ana --role responder"}, description = "Add an operator and print their one-time link.")
    static final class Add extends Leaf {
        @Mixin
        NewAccount operator;

        @Override
        Request request(ParseContext context) {
            return new Request.Write<>(new AddOperator(operator.name, operator.role()), AccountOutput::link);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            footer = {"", "Example:", "  status operator list"}, description = "List operators with their role.")
    static final class ListOperators extends Leaf {
        @Override
        Request request(ParseContext context) {
            return new Request.Operators();
        }
    }

    @Command(name = "role", mixinStandardHelpOptions = true,
            footer = {"", "Example:", "  status operator role ana admin"}, description = "Give an operator another role (at once, in every session).")
    static final class ChangeRole extends Leaf {
        @Parameters(index = "0", paramLabel = "<name>", description = "The operator.")
        String name;

        @Parameters(index = "1", paramLabel = "<role>", description = "viewer, responder or admin.")
        String role;

        @Override
        Request request(ParseContext context) {
            return new Request.Write<>(new ChangeOperatorRole(name, Role.parse(role)),
                    (out, change) -> AccountOutput.operator(out, change, "role changed:"));
        }
    }

    @Command(name = "link", mixinStandardHelpOptions = true,
            footer = {"", "Example:", "  status operator link ana"},
            description = "Print a new one-time link to set the password (earlier links stop working).")
    static final class Link extends Leaf {
        @Parameters(index = "0", paramLabel = "<name>", description = "The operator.")
        String name;

        @Override
        Request request(ParseContext context) {
            return new Request.Write<>(new ReissueLink(name), AccountOutput::link);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            footer = {"", "Example:", "  status operator remove ana --yes"}, description = "Remove an operator and end their sessions.")
    static final class Remove extends Leaf {
        @Parameters(index = "0", paramLabel = "<name>", description = "The operator.")
        String name;

        @Option(names = "--yes", description = "Confirm.")
        boolean yes;

        @Override
        Request request(ParseContext context) {
            if (!yes) {
                throw new ValidationException("--yes", "removing an operator needs --yes");
            }
            return new Request.Write<>(new RemoveOperator(name), (out, change) -> AccountOutput.operator(out, change, "removed"));
        }
    }
}
