package dev.statusstream.cli;

import dev.statusstream.AuditQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code status audit}. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Print the audit log, newest first: who changed what, when, from where.",
            "Every write is in it, from the console, the admin API, this CLI, the library and the scheduler."},
        footer = {"", "Examples:",
            "  status audit",
            "  status audit --actor operator:ana --limit 20",
            "  status audit --target services/api --json"})
final class AuditCommand extends Leaf {
    @Option(names = "--actor", paramLabel = "WHO", description = "Only this actor: operator:<name>, token:<name>, cli@<host>, library, ...")
    String actor;

    @Option(names = "--target", paramLabel = "WHAT", description = "Only this target: services/<id>, incidents/<slug>, operators/<name>, ...")
    String target;

    @Option(names = "--before", paramLabel = "CURSOR", description = "Older entries than this cursor (printed as 'more: --before N').")
    Long before;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N entries (1 to 200; default 50).")
    int limit;

    @Override
    Request request(ParseContext context) {
        return new Request.Audit(new AuditQuery(actor, target, before, limit));
    }
}
