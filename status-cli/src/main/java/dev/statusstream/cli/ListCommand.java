package dev.statusstream.cli;

import picocli.CommandLine.Command;

/** {@code status list}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Show every service and the current incidents.",
        footer = {"", "Example:", "  status list --json | jq '.services[] | {id, status}'"})
final class ListCommand extends Leaf {
    @Override
    Request request(ParseContext context) {
        return new Request.ListStatus();
    }
}
