package dev.statusstream.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** {@code status ...} / {@code java -jar status-cli.jar ...}: the one place that reads the environment. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        var out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        var err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(Cli.create(System.getenv(), out, err).run(args));
    }
}
