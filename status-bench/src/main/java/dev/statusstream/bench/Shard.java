package dev.statusstream.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A share of the streams: held in this process ({@link Local}) or, beyond one process's open-file
 * limit, in a child JVM ({@link Child}) that speaks a line protocol over its stdin/stdout. Timestamps
 * are {@code System.nanoTime()}, CLOCK_MONOTONIC on Linux, so they compare across processes.
 */
interface Shard {
    /** Starts connecting. */
    void go() throws IOException;

    /** Waits until all its streams are ready or failed; returns how long that took, in ms. */
    double awaitReady() throws IOException, InterruptedException;

    /** Stops and measures against the changes made. */
    Result finish(List<Change> changes, long missTimeoutNanos) throws IOException, InterruptedException;

    /** One change: the version it committed and when the write call started. */
    record Change(long version, long startedAt) {
    }

    /**
     * What one shard saw. A change's latency is the time until a stream held it: its own event or a
     * newer one, as a server that conflates sends a stream that fell behind only the newest snapshot
     * ({@code superseded} counts those). A change is missed when no stream event carried it or anything
     * newer within the miss timeout: {@code late} when one came after it, {@code lost} when none had
     * come when the run ended (the miss timeout after the last change, so for the last changes a lost
     * one may only be later still). Latencies and times to first event in microseconds; {@code changeOf} says which change (its
     * index) each latency is of, so that each broadcast can be read on its own.
     */
    record Result(int ready, Map<String, Integer> failures, int dropped, long superseded, long late, long lost,
            List<Long> ttfe, List<Long> latencies, List<Long> changeOf) {
        long missed() {
            return late + lost;
        }

        static Result of(SseLoad load, List<Change> changes, long missTimeoutNanos) {
            List<Long> ttfe = new ArrayList<>();
            List<Long> latencies = new ArrayList<>();
            List<Long> changeOf = new ArrayList<>();
            long superseded = 0;
            long late = 0;
            long lost = 0;
            int ready = 0;
            for (SseConnection c : load.conns) {
                if (c == null || c.readyAt == 0) {
                    continue;
                }
                ready++;
                long first = c.firstEventAt != 0 ? c.firstEventAt : c.readyAt;
                ttfe.add((first - c.startedAt) / 1000);
                for (int k = 0; k < changes.size(); k++) {
                    Change change = changes.get(k);
                    long at = c.reachedAt(change.version());
                    if (at < 0) {
                        lost++;
                    } else if (at - change.startedAt() > missTimeoutNanos) {
                        late++;
                    } else {
                        if (c.receivedAt(change.version()) < 0) {
                            superseded++;
                        }
                        latencies.add((at - change.startedAt()) / 1000);
                        changeOf.add((long) k);
                    }
                }
            }
            return new Result(ready, load.failures(), load.dropped(), superseded, late, lost, ttfe, latencies, changeOf);
        }

        void print(PrintStream out) {
            out.println("READYCOUNT " + ready);
            failures.forEach((cause, count) -> out.println("FAIL " + count + " " + cause.replace('\n', ' ')));
            out.println("DROPPED " + dropped);
            out.println("SUPERSEDED " + superseded);
            out.println("LATE " + late);
            out.println("LOST " + lost);
            out.println("TTFE " + join(ttfe));
            out.println("LAT " + join(latencies));
            out.println("LATK " + join(changeOf));
            out.println("END");
            out.flush();
        }

        static Result read(BufferedReader in) throws IOException {
            int ready = 0;
            int dropped = 0;
            long superseded = 0;
            long late = 0;
            long lost = 0;
            Map<String, Integer> failures = new TreeMap<>();
            List<Long> ttfe = List.of();
            List<Long> latencies = List.of();
            List<Long> changeOf = List.of();
            for (String line; (line = in.readLine()) != null && !line.equals("END"); ) {
                String[] f = line.split(" ", 2);
                String rest = f.length > 1 ? f[1] : "";
                switch (f[0]) {
                    case "READYCOUNT" -> ready = Integer.parseInt(rest);
                    case "FAIL" -> {
                        String[] g = rest.split(" ", 2);
                        failures.merge(g.length > 1 ? g[1] : "?", Integer.parseInt(g[0]), Integer::sum);
                    }
                    case "DROPPED" -> dropped = Integer.parseInt(rest);
                    case "SUPERSEDED" -> superseded = Long.parseLong(rest);
                    case "LATE" -> late = Long.parseLong(rest);
                    case "LOST" -> lost = Long.parseLong(rest);
                    case "TTFE" -> ttfe = split(rest);
                    case "LAT" -> latencies = split(rest);
                    case "LATK" -> changeOf = split(rest);
                    default -> System.err.println("child: " + line);
                }
            }
            return new Result(ready, failures, dropped, superseded, late, lost, ttfe, latencies, changeOf);
        }

        private static String join(List<Long> values) {
            StringBuilder b = new StringBuilder();
            for (long v : values) {
                b.append(b.isEmpty() ? "" : ",").append(v);
            }
            return b.toString();
        }

        private static List<Long> split(String s) {
            List<Long> values = new ArrayList<>();
            if (!s.isBlank()) {
                for (String v : s.split(",")) {
                    values.add(Long.parseLong(v));
                }
            }
            return values;
        }
    }

    /** Streams held by this process. */
    final class Local implements Shard {
        private final SseLoad load;

        Local(SseLoad load) {
            this.load = load;
        }

        @Override
        public void go() {
            load.start();
        }

        @Override
        public double awaitReady() throws InterruptedException {
            load.awaitResolved();
            return load.lastReadyNanos() == 0 ? -1 : (load.lastReadyNanos() - load.startNanos()) / 1e6;
        }

        @Override
        public Result finish(List<Change> changes, long missTimeoutNanos) throws InterruptedException {
            load.stop();
            return Result.of(load, changes, missTimeoutNanos);
        }
    }

    /** Streams held by a child JVM running {@code Main client ...}. */
    final class Child implements Shard {
        private final Process process;
        private final BufferedReader in;
        private final PrintStream out;

        Child(List<String> command) throws IOException {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            out = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
            expect("HELLO");
        }

        private String expect(String word) throws IOException {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith(word)) {
                    return line;
                }
                System.err.println("child: " + line);
            }
            throw new IOException("a load process ended early (exit " + process.exitValue() + ")");
        }

        @Override
        public void go() {
            out.println("GO");
        }

        @Override
        public double awaitReady() throws IOException {
            return Double.parseDouble(expect("READY").split(" ")[1]);
        }

        @Override
        public Result finish(List<Change> changes, long missTimeoutNanos) throws IOException, InterruptedException {
            StringBuilder line = new StringBuilder("CHANGES ").append(missTimeoutNanos);
            for (Change c : changes) {
                line.append(' ').append(c.version()).append(':').append(c.startedAt());
            }
            out.println(line);
            Result result = Result.read(in);
            process.waitFor();
            return result;
        }
    }

    /** The child's side of the protocol. */
    static void serve(SseLoad load) throws IOException, InterruptedException {
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = System.out;
        out.println("HELLO");
        out.flush();
        if (!"GO".equals(in.readLine())) {
            return;
        }
        Local local = new Local(load);
        local.go();
        out.println("READY " + local.awaitReady());
        out.flush();
        String line = in.readLine();
        if (line == null || !line.startsWith("CHANGES ")) {
            return;
        }
        String[] f = line.split(" ");
        long missTimeout = Long.parseLong(f[1]);
        List<Change> changes = new ArrayList<>();
        for (int i = 2; i < f.length; i++) {
            String[] vt = f[i].split(":");
            changes.add(new Change(Long.parseLong(vt[0]), Long.parseLong(vt[1])));
        }
        local.finish(changes, missTimeout).print(out);
    }
}
