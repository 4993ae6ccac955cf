package dev.statusstream.server.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every process a test started, killed when the test JVM exits, so none outlives the build. */
final class ChildProcesses {
    private static final List<Process> started = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Process p : started) {
                Signals.send(p, "CONT");
                p.destroyForcibly();
            }
        }, "kill-test-children"));
    }

    private ChildProcesses() {
    }

    static void register(Process process) {
        started.removeIf(p -> !p.isAlive());
        started.add(process);
    }
}
