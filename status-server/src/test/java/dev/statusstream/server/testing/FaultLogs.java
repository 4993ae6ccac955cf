package dev.statusstream.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where processes started by tests write their output: {@code target/fault-logs/}, kept for diagnosis. */
public final class FaultLogs {
    private static final Path DIRECTORY = Path.of("target", "fault-logs").toAbsolutePath();

    private FaultLogs() {
    }

    /** A fresh log file {@code <name>.log}. */
    public static Path file(String name) {
        try {
            Files.createDirectories(DIRECTORY);
            Path file = DIRECTORY.resolve(name + ".log");
            Files.deleteIfExists(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A directory for data that lives as long as the test. */
    public static Path directory(String name) {
        try {
            Files.createDirectories(DIRECTORY);
            return Files.createTempDirectory(DIRECTORY, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last {@code lines} lines of a log, for failure messages. */
    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Appends a measured figure to {@code target/fault-logs/figures.txt} (and prints it). */
    public static synchronized void figure(String fault, String what, double millis) {
        String line = String.format("%-45s %-55s %8.0f ms", fault, what, millis);
        System.out.println("FIGURE " + line);
        try {
            Files.createDirectories(DIRECTORY);
            Files.writeString(DIRECTORY.resolve("figures.txt"), line + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
