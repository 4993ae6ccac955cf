package dev.statusstream.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that does one thing: parses into a {@link Request}, which the {@link Cli} carries out. */
abstract class Leaf implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** The request this command line asks for; throws a ValidationException for bad values. */
    abstract Request request(ParseContext context);

    @Override
    public final Integer call() {
        StatusCommand root = StatusCommand.root(spec);
        root.checkTokenOptions();
        Cli cli = root.cli;
        return cli.execute(this::request, root.target(), root.json);
    }
}
