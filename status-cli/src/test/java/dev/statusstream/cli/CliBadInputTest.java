package dev.statusstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input the CLI must refuse as an operator meets it, in its own JVM: one line naming the option or
 * field, exit status 2, nothing changed, and never a stack trace, in direct mode (the library checks
 * it) and in remote mode (the server's 400).
 */
class CliBadInputTest {
    private static final String TOKEN = "cli-bad-input-token-0123456789";
    private static String database;
    private static String prefix;
    private static TestNode node;

    @BeforeAll
    static void start() {
        database = TestServices.newMigratedDatabase();
        prefix = TestServices.newRedisPrefix();
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", database, "STATUS_REDIS_URL", TestServices.redisUrl(),
                "STATUS_REDIS_PREFIX", prefix, "STATUS_ADMIN_TOKEN", TOKEN));
        node.status().addService(NewService.of("api", LocalizedText.of("en", "API")));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static Stream<Arguments> badInput() {
        List<Arguments> cases = new ArrayList<>();
        for (String mode : List.of("direct", "remote")) {
            cases.add(Arguments.of(mode, "--starts", List.of("maintenance", "schedule", "--title", "Upgrade", "--services", "api",
                    "--starts", "+99999999d", "--ends", "+999999999d")));
            cases.add(Arguments.of(mode, "--ends", List.of("maintenance", "schedule", "--title", "Upgrade", "--services", "api",
                    "--starts", "+1h", "--ends", "+3000000d")));
            cases.add(Arguments.of(mode, "only invisible characters", List.of("service", "add", "ghost", "--label", "\u200b\u202e")));
            cases.add(Arguments.of(mode, "U+0001", List.of("service", "add", "ghost", "--label", "a\u0001b")));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("badInput")
    void bad_input_is_one_line_naming_it_and_exit_2_never_a_stack_trace(String mode, String named, List<String> args)
            throws Exception {
        long version = node.status().snapshot().version();
        List<String> all = new ArrayList<>();
        Map<String, String> env = Map.of();
        if (mode.equals("remote")) {
            all.addAll(List.of("--server", "http://127.0.0.1:" + node.port()));
            env = Map.of("STATUS_ADMIN_TOKEN", TOKEN);
        }
        all.addAll(args);
        PostgresOutageTest.Cli run = PostgresOutageTest.cliProcess(database, prefix, env, all.toArray(String[]::new));
        List<String> lines = run.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(2, run.exit(), mode + " " + args + ":\n" + run.stderr());
        assertEquals(1, lines.size(), "one line: " + run.stderr());
        assertTrue(lines.get(0).startsWith("error: ") && lines.get(0).contains(named), run.stderr());
        assertFalse(run.stderr().contains("\tat ") || run.stderr().contains("Exception"), run.stderr());
        assertEquals(version, node.status().snapshot().version(), "nothing changed");
    }
}
