package dev.statusstream.cli;

import dev.statusstream.LogoImage;
import dev.statusstream.SetBranding;
import dev.statusstream.ValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code status branding ...}. */
@Command(name = "branding", mixinStandardHelpOptions = true,
        description = "Set how the page presents itself: name, accent colour, logo, links.",
        footer = {"", "Examples:",
            "  status branding set --name \"Acme Status\" --accent '#0a7' --logo acme.svg --home-url https://acme.example",
            "  status branding show"},
        subcommands = {BrandingCommand.Set.class, BrandingCommand.Show.class})
final class BrandingCommand {

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Change the branding; what is not given stays. Every open page shows it at once.",
            footer = {"", "An empty value (--name \"\") removes it; --no-logo removes the logo.",
                "The logo is an SVG or PNG file of at most 40 KB; an SVG is cleaned of scripts, event handlers and",
                "external references. The text on the accent colour is black or white, whichever contrasts more.", "",
                "Example:", "  status branding set --name \"Acme Status\" --accent '#0a7' --logo acme.svg --support-url mailto:help@acme.example"})
    static final class Set extends Leaf {
        @Option(names = "--name", paramLabel = "TEXT", description = "The page's name (instead of STATUS_PAGE_NAME).")
        String name;

        @Option(names = "--accent", paramLabel = "#rgb", description = "Accent colour: #rgb or #rrggbb.")
        String accent;

        @Option(names = "--logo", paramLabel = "FILE", description = "An .svg or .png file.")
        Path logo;

        @Option(names = "--no-logo", description = "Remove the logo.")
        boolean noLogo;

        @Option(names = "--home-url", paramLabel = "URL", description = "The owner's home page (http or https).")
        String homeUrl;

        @Option(names = "--support-url", paramLabel = "URL", description = "Where readers get help (http, https or mailto).")
        String supportUrl;

        @Override
        Request request(ParseContext context) {
            return new Request.Write<>(new SetBranding(name, accent, logo == null ? null : read(logo), noLogo, homeUrl, supportUrl),
                    Output::branding);
        }

        private static LogoImage read(Path file) {
            try {
                long size = Files.size(file);
                if (size > LogoImage.MAX_BYTES) {
                    throw new ValidationException("--logo", file + " is " + size + " bytes; at most " + LogoImage.MAX_BYTES + " are allowed");
                }
                return LogoImage.fromFile(file.getFileName().toString(), Files.readAllBytes(file));
            } catch (IOException e) {
                throw new ValidationException("--logo", "cannot read " + file + ": " + e.getMessage());
            } catch (ValidationException e) {
                throw e.field().equals("logo") ? new ValidationException("--logo", file + " " + e.reason()) : e;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the branding readers see now.",
            footer = {"", "Example:", "  status branding show --json"})
    static final class Show extends Leaf {
        @Override
        Request request(ParseContext context) {
            return new Request.Read((ops, out) -> out.branding(ops.snapshot()));
        }
    }
}
