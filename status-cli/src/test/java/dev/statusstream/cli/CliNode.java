package dev.statusstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The fixture the CLI's tests share: a server node with the admin API on, on a new database (and, if
 * asked, Redis), and the CLI run in-process against it in either mode: {@code "direct"} (the
 * database's settings) or {@code "remote"} ({@code --server} and the admin token). Not thread-safe.
 */
final class CliNode implements AutoCloseable {
    /** What one run printed and its exit code. */
    record Run(int code, String out, String err) {
        /** The same, without leading and trailing white space. */
        Run stripped() {
            return new Run(code, out.strip(), err.strip());
        }
    }

    private final String token;
    private final Map<String, String> database;
    private final Map<String, String> shared = new HashMap<>();
    private final TestNode node;

    private CliNode(String token, Map<String, String> database) {
        this.token = token;
        this.database = database;
        var settings = new HashMap<>(database);
        settings.put("STATUS_ADMIN_TOKEN", token);
        this.node = TestNode.start(settings);
    }

    /** A node on a new database, without Redis. */
    static CliNode start(String token) {
        return new CliNode(token, Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase()));
    }

    /** A node on a new database and Redis under a new key prefix; direct mode gets the same settings. */
    static CliNode startWithRedis(String token) {
        return new CliNode(token, Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(),
                "STATUS_REDIS_URL", TestServices.redisUrl(), "STATUS_REDIS_PREFIX", TestServices.newRedisPrefix()));
    }

    /** A setting every run gets, in both modes ({@code STATUS_DATA_DIR}, {@code STATUS_PUBLIC_URL}, ...). */
    CliNode set(String name, String value) {
        shared.put(name, value);
        return this;
    }

    TestNode node() {
        return node;
    }

    /** The database's settings: what direct mode runs with. */
    Map<String, String> database() {
        return database;
    }

    String databaseUrl() {
        return database.get("STATUS_DATABASE_URL");
    }

    String server() {
        return "http://127.0.0.1:" + node.port();
    }

    /** The environment of a mode: the database's settings, or the admin token; plus the shared settings. */
    Map<String, String> env(String mode) {
        var env = new HashMap<String, String>(direct(mode) ? database : Map.of("STATUS_ADMIN_TOKEN", token));
        env.putAll(shared);
        return env;
    }

    /** The arguments of a mode: as given, or after {@code --server <this node>}. */
    String[] args(String mode, String... args) {
        return direct(mode) ? args : Stream.concat(Stream.of("--server", server()), Stream.of(args)).toArray(String[]::new);
    }

    /** The CLI in {@code mode}; the output as printed. */
    Run run(String mode, String... args) {
        return run(env(mode), args(mode, args));
    }

    /** The CLI in {@code mode}, which must exit 0; what it printed, stripped. */
    String ok(String mode, String... args) {
        Run run = run(mode, args);
        assertEquals(0, run.code(), mode + ": status " + String.join(" ", args) + "\n" + run.err());
        return run.out().strip();
    }

    /** The CLI with exactly this environment and these arguments. */
    static Run run(Map<String, String> env, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Cli.create(env, new PrintWriter(out, true), new PrintWriter(err, true)).run(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static boolean direct(String mode) {
        return switch (mode) {
            case "direct" -> true;
            case "remote" -> false;
            default -> throw new IllegalArgumentException("mode is direct or remote, not " + mode);
        };
    }

    @Override
    public void close() {
        node.close();
    }
}
