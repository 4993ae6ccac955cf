package dev.statusstream.cli;

import dev.statusstream.AddSubscriber;
import dev.statusstream.LocalizedText;
import dev.statusstream.RemoveSubscriber;
import dev.statusstream.Subscriber;
import dev.statusstream.SubscriberKind;
import dev.statusstream.ValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code status subscriber ...}. */
@Command(name = "subscriber", mixinStandardHelpOptions = true,
        description = "Add, list and remove the webhooks and chat hooks told of incidents and maintenance.",
        footer = {"", "Examples:",
            "  status subscriber add --kind webhook --url https://ops.example.com/hooks/status",
            "  status subscriber add --kind slack --url https://hooks.slack.com/services/T000/B000/XXXX --services api",
            "  status subscriber list",
            "  status subscriber remove 0b5e0c3a-5d3f-4f7e-9c1e-2f9a7b1c4d6e",
            "", "Each subcommand has its own --help, e.g. status subscriber add --help."},
        subcommands = {SubscriberCommand.Add.class, SubscriberCommand.ListSubscribers.class, SubscriberCommand.Remove.class})
final class SubscriberCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a webhook, Slack or Discord subscriber.", "",
                "It is told of every incident and maintenance of the services given, or of the whole page.",
                "A webhook signs every body with its secret; one is generated and printed once unless",
                "--secret-file names a file holding it. The URL must not lead to this machine or its",
                "private network unless the deployment has STATUS_ALLOW_PRIVATE_TARGETS=true."},
            footer = {"", "Example:", "  status subscriber add --kind webhook --url https://ops.example.com/hooks/status --services api"})
    static final class Add extends Leaf {
        @Option(names = "--kind", required = true, paramLabel = "KIND", description = "webhook, slack or discord.")
        String kind;

        @Option(names = "--url", required = true, paramLabel = "URL", description = "Where to post, http:// or https://.")
        String url;

        @Option(names = "--services", split = ",", paramLabel = "a,b", description = "Services to follow (default: all).")
        List<String> services;

        @Option(names = "--service-changes",
                description = "Also tell it when a service's status is set without an incident.")
        boolean serviceChanges;

        @Option(names = "--secret-file", paramLabel = "FILE",
                description = "A file holding the webhook's signing secret (16 to 200 characters); never on the command line, where ps shows it.")
        Path secretFile;

        @Option(names = "--language", paramLabel = "TAG", description = "Language of the texts sent (default: the page's).")
        String language;

        @Override
        Request request(ParseContext context) {
            String secret = secretFile == null ? null : readSecret(secretFile);
            return new Request.Write<>(new AddSubscriber(SubscriberKind.parse(kind), url, services, serviceChanges, secret,
                    language == null ? null : LocalizedText.normalizeLanguage(language)), Output::subscriberAdded);
        }

        private static String readSecret(Path file) {
            try {
                return Files.readString(file).strip();
            } catch (IOException | RuntimeException e) {
                throw new ValidationException("--secret-file", "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List subscribers, in the order they were added.",
            footer = {"", "Example:", "  status subscriber list --limit 50 --json | jq '.subscribers[] | {id, kind, state}'"})
    static final class ListSubscribers extends Leaf {
        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most this many (1 to 200; default 100).")
        int limit;

        @Option(names = "--after", paramLabel = "ID", description = "Start after this subscriber (the 'more:' line of the previous page).")
        String after;

        @Override
        Request request(ParseContext context) {
            if (limit < 1 || limit > 200) {
                throw new ValidationException("--limit", "must be between 1 and 200, was " + limit);
            }
            if (after != null) {
                try {
                    Subscriber.checkId(after);
                } catch (ValidationException e) {
                    throw new ValidationException("--after", e.reason());
                }
            }
            return new Request.ListSubscribers(after, limit);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a subscriber and every delivery to it.",
            footer = {"", "Example:", "  status subscriber remove 0b5e0c3a-5d3f-4f7e-9c1e-2f9a7b1c4d6e"})
    static final class Remove extends Leaf {
        @Parameters(index = "0", paramLabel = "<id>", description = "The subscriber's id (status subscriber list shows them).")
        String id;

        @Override
        Request request(ParseContext context) {
            return new Request.Write<>(new RemoveSubscriber(id), Output::subscriberRemoved);
        }
    }
}
