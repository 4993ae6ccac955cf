package dev.statusstream.cli;

import dev.statusstream.ApiToken;
import dev.statusstream.AuditEntry;
import dev.statusstream.AuditPage;
import dev.statusstream.Change;
import dev.statusstream.IssuedLink;
import dev.statusstream.IssuedToken;
import dev.statusstream.Operator;
import java.io.PrintWriter;
import java.util.List;

/** Prints tokens, operators, one-time links and the audit log: lines for people, JSON with {@code --json}. */
final class AccountOutput {
    private AccountOutput() {
    }

    /** The token alone on stdout (so {@code token=$(status token create ...)} works), the rest on the line before. */
    static void created(Output output, Change<IssuedToken> change) {
        if (output.json()) {
            output.printJsonObject("version", change.version(), "token", change.value());
            return;
        }
        output.writer().println(change.value().secret());
    }

    static void revoked(Output output, Change<ApiToken> change) {
        if (output.json()) {
            output.printJsonObject("version", change.version(), "token", change.value());
            return;
        }
        output.writer().printf("revoked %s%n", change.value().name());
    }

    /** The one-time link alone on stdout. */
    static void link(Output output, Change<IssuedLink> change) {
        String link = output.linkBase() + change.value().path();
        if (output.json()) {
            output.printJsonObject("version", change.version(), "operator", change.value().operator(), "link", link,
                    "expiresAt", change.value().expiresAt());
            return;
        }
        output.writer().println(link);
    }

    static void operator(Output output, Change<Operator> change, String verb) {
        if (output.json()) {
            output.printJsonObject("version", change.version(), "operator", change.value());
            return;
        }
        Operator o = change.value();
        output.writer().printf("%s %s (%s)%n", verb, o.name(), o.role());
    }

    static void tokens(Output output, List<ApiToken> tokens) {
        if (output.json()) {
            output.printJsonObject("tokens", tokens);
            return;
        }
        PrintWriter out = output.writer();
        out.printf("%-24s %-10s %-20s %-20s %s%n", "NAME", "ROLE", "CREATED", "LAST USED", "REVOKED");
        for (ApiToken t : tokens) {
            out.printf("%-24s %-10s %-20s %-20s %s%n", t.name(), t.role(), Output.time(t.createdAt()),
                    t.lastUsedAt() == null ? "never" : Output.time(t.lastUsedAt()), t.revokedAt() == null ? "" : Output.time(t.revokedAt()));
        }
    }

    static void operators(Output output, List<Operator> operators) {
        if (output.json()) {
            output.printJsonObject("operators", operators);
            return;
        }
        PrintWriter out = output.writer();
        out.printf("%-24s %-10s %-9s %s%n", "NAME", "ROLE", "PASSWORD", "ADDED");
        for (Operator o : operators) {
            out.printf("%-24s %-10s %-9s %s%n", o.name(), o.role(), o.hasPassword() ? "set" : "not yet", Output.time(o.createdAt()));
        }
    }

    static void audit(Output output, AuditPage page) {
        if (output.json()) {
            output.printJsonObject("entries", page.entries(), "next", page.next());
            return;
        }
        PrintWriter out = output.writer();
        for (AuditEntry e : page.entries()) {
            out.printf("%s  %-24s %-20s %s%s%n", Output.time(e.at()), e.actor(), e.action(), e.target(),
                    e.address() == null ? "" : "  from " + e.address());
        }
        if (page.next() != null) {
            out.printf("more: --before %d%n", page.next());
        }
    }
}
