package dev.statusstream.cli;

import dev.statusstream.CreateToken;
import dev.statusstream.RevokeToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code status token ...}. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Named API tokens: create, list, revoke.",
        footer = {"", "Roles: viewer (reads), responder (statuses, incidents, maintenance), admin (everything).", "",
            "Examples:",
            "  status token create deploy-bot --role responder > deploy-bot.token",
            "  status token list",
            "  status token revoke deploy-bot"},
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            footer = {"", "Example:", "  status token create deploy-bot --role responder > deploy-bot.token"},
            description = {"Create a token and print it, once: only its SHA-256 is kept.",
                "Its writes are recorded as token:<name>."})
    static final class Create extends Leaf {
        @Mixin
        NewAccount token;

        @Override
        Request request(ParseContext context) {
            return new Request.Write<>(new CreateToken(token.name, token.role()), AccountOutput::created);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            footer = {"", "Example:", "  status token list"}, description = "List tokens with their role and last use.")
    static final class ListTokens extends Leaf {
        @Override
        Request request(ParseContext context) {
            return new Request.Tokens();
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            footer = {"", "Example:", "  status token revoke deploy-bot"}, description = "Revoke a token: refused from now on.")
    static final class Revoke extends Leaf {
        @Parameters(index = "0", paramLabel = "<name>", description = "The token's name.")
        String name;

        @Override
        Request request(ParseContext context) {
            return new Request.Write<>(new RevokeToken(name), AccountOutput::revoked);
        }
    }
}
