package dev.statusstream.cli;

import dev.statusstream.ConflictException;
import dev.statusstream.NotFoundException;
import dev.statusstream.StatusException;
import dev.statusstream.ValidationException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * One run of the CLI: parses the arguments, carries out the request, prints the result, and returns
 * the exit status (0 done, 1 failed, 2 bad usage). Everything it touches is passed in, so tests run it
 * in-process.
 */
public final class Cli {
    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Supplier<Operations> operations;

    Cli(Map<String, String> env, PrintWriter out, PrintWriter err, Supplier<Operations> operations) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.operations = operations;
    }

    /** The CLI configured from {@code env}, in direct mode. */
    public static Cli direct(Map<String, String> env, PrintWriter out, PrintWriter err) {
        return new Cli(env, out, err, () -> new DirectOperations(Connection.directConfig(env)));
    }

    /** Runs one command line. */
    public int run(String... args) {
        var root = new StatusCommand();
        root.cli = this;
        var commandLine = commandLine(root).setOut(out).setErr(err)
                .setExecutionExceptionHandler((e, cmd, parsed) -> fail(e))
                .setParameterExceptionHandler((e, args1) -> {
                    err.println("error: " + e.getMessage());
                    err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
                    return 2;
                });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The parser alone, for tests of argument parsing. */
    static CommandLine commandLine(StatusCommand root) {
        return new CommandLine(root).setCaseInsensitiveEnumValuesAllowed(true);
    }

    String defaultLanguage() {
        return Connection.defaultLanguage(env);
    }

    int execute(Request request, boolean json) {
        var output = new Output(out, json, defaultLanguage());
        try (Operations ops = operations.get()) {
            switch (request) {
                case Request.AddService r -> output.service(ops.addService(r.service()), "added");
                case Request.SetStatus r -> output.service(ops.setStatus(r.serviceId(), r.status(), r.summary()), "set");
                case Request.OpenIncident r -> output.opened(ops.openIncident(r.incident()));
                case Request.UpdateIncident r -> output.incident(ops.updateIncident(r.slug(), r.state(), r.body()));
                case Request.ResolveIncident r -> output.incident(ops.resolveIncident(r.slug(), r.body()));
                case Request.ListStatus r -> output.list(ops.snapshot());
                case Request.Publish r -> output.published(ops.publish());
            }
            return 0;
        }
    }

    private int fail(Exception e) {
        if (e instanceof ValidationException) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        if (e instanceof NotFoundException || e instanceof ConflictException || e instanceof StatusException
                || e instanceof UncheckedIOException) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        err.println("error: unexpected failure: " + e);
        return 1;
    }
}
