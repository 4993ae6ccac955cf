package dev.statusstream.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code status show}. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one service (by id) or one incident or maintenance (by slug) in full.",
        footer = {"", "Examples:", "  status show api", "  status show 2026-11-27-api-latency --json"})
final class ShowCommand extends Leaf {
    @Parameters(index = "0", paramLabel = "<id|slug>", description = "A service id or an incident slug.")
    String name;

    @Override
    Request request(ParseContext context) {
        return new Request.Show(name);
    }
}
