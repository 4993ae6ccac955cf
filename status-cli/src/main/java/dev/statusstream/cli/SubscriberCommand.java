package dev.statusstream.cli;

import dev.statusstream.RemoveEmailSubscriber;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code status subscriber ...}. */
@Command(name = "subscriber", mixinStandardHelpOptions = true, description = "Manage who is told of changes.",
        footer = {"", "Examples:", "  status subscriber remove --email reader@example.org",
            "", "Each subcommand has its own --help."},
        subcommands = {SubscriberCommand.Remove.class})
final class SubscriberCommand {

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = {"Delete an email subscriber with its address, its choices and its deliveries.",
                "For a reader who asks to be forgotten: confirmed or not, the address gets no more mail."},
            footer = {"", "Example:", "  status subscriber remove --email reader@example.org"})
    static final class Remove extends Leaf {
        @Option(names = "--email", required = true, paramLabel = "ADDRESS", description = "The subscriber's mail address (any case).")
        String email;

        @Override
        Request request(ParseContext context) {
            return new Request.Write<>(new RemoveEmailSubscriber(email), Output::removedSubscribers);
        }
    }
}
