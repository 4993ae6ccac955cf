package dev.statusstream.cli;

import picocli.CommandLine.Command;

/** {@code status publish}. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Announce the current version again, for nodes and caches that missed it; changes nothing.", "",
            "Sends a PostgreSQL NOTIFY, so every node that missed a change loads it, and with Redis puts the",
            "snapshot in its cache and on its channel. Says which went out; exits 1 when Redis was configured",
            "but failed."},
        footer = {"", "Example:", "  status publish"})
final class PublishCommand extends Leaf {
    @Override
    Request request(ParseContext context) {
        return new Request.Publish();
    }
}
