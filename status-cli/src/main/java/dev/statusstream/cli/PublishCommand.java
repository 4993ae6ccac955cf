package dev.statusstream.cli;

import picocli.CommandLine.Command;

/** {@code status publish}. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Broadcast the current snapshot again (Redis cache and channel).",
            "A repair for nodes or subscribers that missed a change; changes nothing."},
        footer = {"", "Example:", "  status publish"})
final class PublishCommand extends Leaf {
    @Override
    Request request(ParseContext context) {
        return new Request.Publish();
    }
}
