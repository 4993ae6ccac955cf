package dev.statusstream.cli;

import dev.statusstream.Publication;
import dev.statusstream.Publish;
import dev.statusstream.UnavailableException;
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
        return new Request.Write<>(new Publish(), (out, change) -> published(out, change.value()));
    }

    /** A publish Redis refused fails the command, after saying that PostgreSQL's announcement went out. */
    private static void published(Output output, Publication publication) {
        output.published(publication);
        if (publication.redis() == Publication.Redis.FAILED) {
            throw new UnavailableException("version " + publication.version() + " could not be published to Redis ("
                    + publication.redisError() + "); nodes that missed it load it from PostgreSQL, the Redis cache still "
                    + "has an older one", null);
        }
    }
}
