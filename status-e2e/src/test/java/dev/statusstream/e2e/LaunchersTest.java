package dev.statusstream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripts in {@code bin/} (and the example's {@code run}) as a newcomer runs them: the default {@code java} is 17 (here a stand-in
 * that fails as a real 17 does on our jars), and a Java 21 or newer is installed somewhere else (here
 * the JVM running this test, linked into a folder the scripts search through {@code STATUS_JDK_SEARCH}).
 * The PATH holds nothing but bash and that old java. Needs the packaged jars (the reactor builds them
 * before this module's tests).
 */
class LaunchersTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    private Path oldJdk;
    private Path tools;
    private Path installed;
    private Path nothingInstalled;

    @BeforeEach
    void machineWithJava17FirstOnThePath() throws IOException {
        assertTrue(Files.isRegularFile(ROOT.resolve("status-server/target/status-server.jar"))
                && Files.isRegularFile(ROOT.resolve("status-cli/target/status-cli.jar"))
                && Files.isRegularFile(ROOT.resolve("examples/embedded-app/target/embedded-app.jar")),
                "the jars are missing: run the reactor (bin/build) first");
        oldJdk = Files.createDirectories(dir.resolve("jdk-17/bin")).getParent();
        Files.writeString(oldJdk.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"17.0.15\"\n");
        Path java = oldJdk.resolve("bin/java");
        Files.writeString(java, """
                #!/bin/sh
                echo 'Error: LinkageError occurred while loading main class: java.lang.UnsupportedClassVersionError: class file version 65.0' >&2
                exit 1
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        tools = Files.createDirectories(dir.resolve("tools"));
        Path bash = Files.exists(Path.of("/bin/bash")) ? Path.of("/bin/bash") : Path.of("/usr/bin/bash");
        Files.createSymbolicLink(tools.resolve("bash"), bash.toRealPath());
        installed = Files.createDirectories(dir.resolve("installed"));
        Files.createSymbolicLink(installed.resolve("jdk-new"), Path.of(System.getProperty("java.home")).toRealPath());
        nothingInstalled = Files.createDirectories(dir.resolve("nothing-installed"));
    }

    @Test
    void cli_and_server_run_on_an_installed_java_21_when_java_17_is_first_on_the_path() throws Exception {
        for (Map<String, String> javaHome : List.of(Map.<String, String>of(), Map.of("JAVA_HOME", oldJdk.toString()))) {
            Result cli = run(installed, javaHome, "bin/status", "--help");
            assertEquals(0, cli.code, cli.err);
            assertTrue(cli.out.startsWith("Usage: status "), cli.out);
            Result server = run(installed, javaHome, "bin/status-server", "--help");
            assertEquals(0, server.code, server.err);
            assertTrue(server.out.contains("STATUS_DATABASE_URL"), server.out);
            // the shop runs (on Java 17 it could not say this) and asks for its one required setting
            Result shop = run(installed, javaHome, "examples/embedded-app/run");
            assertEquals(2, shop.code, shop.err);
            assertTrue(shop.err.startsWith("shop: set DATABASE_URL"), shop.err);
        }
    }

    @Test
    void without_java_21_each_script_fails_with_one_line_saying_what_to_do() throws Exception {
        Map<String, String> names = Map.of("bin/status", "status", "bin/status-server", "status-server", "bin/build", "build",
                "bin/test", "test", "examples/embedded-app/run", "shop");
        for (String script : names.keySet()) {
            Result result = run(nothingInstalled, Map.of(), script, "--help");
            assertEquals(1, result.code, script + ": " + result.err);
            assertEquals("", result.out, script);
            assertEquals(1, result.err.lines().count(), script + ": " + result.err);
            assertTrue(result.err.contains("21 or newer and found only ") && result.err.contains("Java 17") && result.err.contains(oldJdk.toString())
                    && result.err.startsWith(names.get(script) + ": ")
                    && result.err.contains("install one") && result.err.contains("set JAVA_HOME"), result.err);
        }
    }

    private record Result(int code, String out, String err) {
    }

    private Result run(Path searchFolder, Map<String, String> extraEnv, String... command) throws Exception {
        var builder = new ProcessBuilder(ROOT.resolve(command[0]).toString());
        builder.command().addAll(List.of(command).subList(1, command.length));
        builder.directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", oldJdk.resolve("bin") + ":" + tools);
        env.put("HOME", dir.toString());
        env.put("STATUS_JDK_SEARCH", searchFolder.toString());
        env.putAll(extraEnv);
        Process process = builder.start();
        process.getOutputStream().close();
        var out = process.getInputStream().readAllBytes();
        var err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
