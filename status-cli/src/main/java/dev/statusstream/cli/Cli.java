package dev.statusstream.cli;

import dev.statusstream.ConflictException;
import dev.statusstream.EnvironmentSettings;
import dev.statusstream.Incident;
import dev.statusstream.NotFoundException;
import dev.statusstream.Service;
import dev.statusstream.Snapshot;
import dev.statusstream.StatusException;
import dev.statusstream.ValidationException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * One run of the CLI: parses the arguments, carries out the request, prints the result, and returns
 * the exit status (0 done, 1 failed, 2 bad usage or rejected input). Everything it touches is passed
 * in, so tests run it in-process.
 */
public final class Cli {
    private static final Pattern SERVICE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern INCIDENT_SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,79}");

    /** Opens the operations for where the command line points: a server, or the database. */
    interface OperationsFactory {
        Operations open(StatusCommand.Target target);
    }

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;
    private final OperationsFactory operations;
    private final Clock clock;

    Cli(Map<String, String> env, PrintWriter out, PrintWriter err, OperationsFactory operations, Clock clock) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.operations = operations;
        this.clock = clock;
    }

    /** The CLI configured from {@code env}: direct mode, or remote mode with {@code --server}. */
    public static Cli create(Map<String, String> env, PrintWriter out, PrintWriter err) {
        return new Cli(env, out, err, target -> {
            if (target.server() == null) {
                return new DirectOperations(Connection.directConfig(env));
            }
            var server = Connection.serverUri(target.server());
            // looked up when a call first needs it, then kept: a command may make several admin calls
            Supplier<String> token = new Supplier<>() {
                private String value;

                @Override
                public synchronized String get() {
                    if (value == null) {
                        value = Connection.adminToken(env, target.tokenFile(), server, err::println);
                    }
                    return value;
                }
            };
            return new RemoteOperations(server, token, err::println);
        }, Clock.systemUTC());
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
        return new CommandLine(root).setCaseInsensitiveEnumValuesAllowed(true).setUsageHelpWidth(120);
    }

    /**
     * Parses and carries out one command. The arguments are parsed once before anything is opened, so
     * bad usage fails at once and without a connection; when a text was given without a language
     * prefix, they are parsed again with the deployment's default language (the server's, in remote
     * mode), so plain texts are in the language the page requires, whoever runs the CLI.
     */
    int execute(Function<ParseContext, Request> parse, StatusCommand.Target target, boolean json) {
        Clock now = Clock.fixed(clock.instant(), ZoneOffset.UTC);
        // a placeholder no prefix can name (only two-letter codes are prefixes): no false "given twice"
        var dryRun = new ParseContext("und", now);
        Request request = parse.apply(dryRun);
        try (Operations ops = operations.open(target)) {
            if (dryRun.languageUsed()) {
                request = parse.apply(new ParseContext(ops::defaultLanguage, now));
            }
            // list and watch in remote mode read public endpoints: no token just to pick a display language
            String language = target.server() == null || dryRun.languageUsed() ? ops.defaultLanguage()
                    : EnvironmentSettings.of(env).string("STATUS_DEFAULT_LANGUAGE", "en");
            // one-time links point at the server the command talked to, or at the page's public address
            String linkBase = target.server() != null ? target.server()
                    : EnvironmentSettings.of(env).string("STATUS_PUBLIC_URL", "http://localhost:8080");
            run(request, ops, new Output(out, json, language, linkBase), language, target);
            return 0;
        }
    }

    private void run(Request request, Operations ops, Output output, String language, StatusCommand.Target target) {
        switch (request) {
            case Request.Write<?> write -> write(write, ops, output);
            case Request.ListStatus r -> output.list(ops.snapshot());
            case Request.Read r -> r.reader().read(ops, output);
            // one more than asked says whether there is a next page
            case Request.ListSubscribers r -> output.subscribers(ops.subscribers(r.after(), r.limit() + 1), r.limit());
            case Request.Show r -> show(ops, r.name(), output);
            case Request.Audit r -> AccountOutput.audit(output, ops.audit(r.query()));
            case Request.Tokens r -> AccountOutput.tokens(output, ops.tokens());
            case Request.Operators r -> AccountOutput.operators(output, ops.operators());
            case Request.ListMonitors r -> output.monitors(ops.monitors(r.serviceId(), r.after(), r.limit()), r.limit());
            case Request.Watch r -> watch(ops, r.count(), output, new ChangeLines(language),
                    target.server() == null ? "the database" : target.server());
        }
    }

    private static <T> void write(Request.Write<T> write, Operations ops, Output output) {
        write.printer().print(output, ops.execute(write.operation()));
    }

    private static void show(Operations ops, String name, Output output) {
        boolean serviceId = SERVICE_ID.matcher(name).matches();
        if (!serviceId && !INCIDENT_SLUG.matcher(name).matches()) {
            throw new ValidationException("name", "'" + name + "' is neither a service id nor an incident slug");
        }
        Optional<Service> service = serviceId ? ops.service(name) : Optional.empty();
        Optional<Incident> incident = ops.incident(name);
        if (service.isEmpty() && incident.isEmpty()) {
            throw new NotFoundException("name", "no service or incident named '" + name + "'");
        }
        service.ifPresent(output::show);
        incident.ifPresent(output::show);
    }

    /** Prints where the page stands, then a line per change, until {@code count} changes (0: for ever). */
    private void watch(Operations ops, int count, Output output, ChangeLines lines, String source) {
        var seen = new Snapshot[1];
        var changes = new int[1];
        try {
            ops.watch(snapshot -> {
                Snapshot previous = seen[0];
                if (previous != null && snapshot.version() <= previous.version()) {
                    return true;
                }
                seen[0] = snapshot;
                if (previous == null) {
                    output.watched(snapshot, List.of(lines.connected(snapshot, source)));
                    return true;
                }
                List<String> between = lines.between(previous, snapshot);
                output.watched(snapshot, between.isEmpty() ? List.of(lines.quiet(snapshot)) : between);
                return count == 0 || ++changes[0] < count;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
