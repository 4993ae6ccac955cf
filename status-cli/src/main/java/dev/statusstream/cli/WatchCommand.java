package dev.statusstream.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code status watch}. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Follow the page and print one line per change until interrupted (Ctrl-C).", "",
            "With --server it follows the server's stream and reconnects with Last-Event-ID when the connection drops;",
            "without, it follows PostgreSQL and Redis directly. --json prints each snapshot (the current one first)",
            "as one JSON line. Notices about the connection go to stderr."},
        footer = {"", "Examples:", "  status watch", "  status --server https://status.example.com watch",
            "  status watch --json --count 1    # wait for the next change, print it, exit"})
final class WatchCommand extends Leaf {
    @Option(names = "--count", paramLabel = "N", description = "Stop after N changes (default: never).")
    int count;

    @Override
    Request request(ParseContext context) {
        if (count < 0) {
            throw new dev.statusstream.ValidationException("--count", "must be 0 (never stop) or more, was " + count);
        }
        return new Request.Watch(count);
    }
}
