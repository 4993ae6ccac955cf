package dev.statusstream.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** Signals Java cannot send by itself ({@code SIGSTOP}, {@code SIGCONT}), through {@code kill}. */
public final class Signals {
    private Signals() {
    }

    public static void send(Process process, String signal) {
        if (!process.isAlive()) {
            return;
        }
        try {
            // the shell's own kill: present wherever sh is, unlike procps' /bin/kill
            Process kill = new ProcessBuilder("sh", "-c", "kill -" + signal + " " + process.pid()).inheritIO().start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
