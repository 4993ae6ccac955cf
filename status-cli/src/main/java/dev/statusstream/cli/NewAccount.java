package dev.statusstream.cli;

import dev.statusstream.Role;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code operator add} and {@code token create} both take: the new account's name and its role. */
final class NewAccount {
    @Parameters(index = "0", paramLabel = "<name>", description = "Lower-case letters, digits, '.', '-', '_'.")
    String name;

    @Option(names = "--role", required = true, paramLabel = "R", description = "viewer, responder or admin.")
    String roleName;

    /** The role given, checked. */
    Role role() {
        return Role.parse(roleName);
    }
}
