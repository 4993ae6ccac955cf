package dev.statusstream.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The {@code run} command: connect, change, measure, report. */
final class Bench {
    /** The most changes a run with {@code --until} makes if the file never appears. */
    private static final int MAX_CHANGES = 10_000;

    private Bench() {
    }

    static void run(Main.Options o) throws Exception {
        int n = o.integer("streams", 1000);
        int minimum = o.integer("changes", 10);
        // with --until, changes go on (after the first M) until that file exists: as long as something else runs
        Path until = o.values().containsKey("until") ? Path.of(o.string("until", null)) : null;
        long interval = o.duration("interval", "1s");
        double ramp = o.number("ramp", 2000);
        int maxPending = o.integer("max-pending", 1000);
        int perProcess = o.integer("per-process", 19_000);
        long missTimeout = o.duration("miss-timeout", "5s") * 1_000_000L;
        String service = o.string("service", "bench-0");
        String label = o.string("label", "statusstream");
        int warmWrites = o.integer("warm-writes", 1000);
        String warmService = o.string("warm-service", "bench-7");
        ServerProcess server = o.values().containsKey("server-pid") ? new ServerProcess(o.longValue("server-pid", 0)) : null;

        String publishUrl = o.string("publish-url", null);
        try (Publisher status = publishUrl == null ? new Publisher.Library(Main.library(o)) : new Publisher.Http(publishUrl)) {
            // a server node writes warm: compile the write path before timing it (nobody is connected yet)
            status.warmUp(warmService, warmWrites);
            long version = status.version();
            String mode = o.string("last-event-id", "none");
            long readyVersion = version;
            Map<String, String> extra = new TreeMap<>();
            if (mode.equals("current")) {
                extra.put("header-last-event-id", Long.toString(version));
                readyVersion = -1;
            } else if (mode.startsWith("behind:")) {
                extra.put("header-last-event-id", Long.toString(Math.max(0, version - Long.parseLong(mode.substring(7)))));
            }
            Main.Options shardOptions = withExtra(o, extra);

            int processes = (n + perProcess - 1) / perProcess;
            List<Shard> shards = new ArrayList<>();
            for (int p = 0; p < processes; p++) {
                int count = n / processes + (p < n % processes ? 1 : 0);
                int offset = p * (n / processes);
                if (processes == 1) {
                    shards.add(new Shard.Local(Main.load(shardOptions, count, 0, ramp, maxPending, readyVersion)));
                } else {
                    shards.add(new Shard.Child(childCommand(shardOptions, count, offset, ramp / processes,
                            Math.max(1, maxPending / processes), readyVersion)));
                }
            }
            ServerProcess.Sample before = server == null ? null : server.sample();
            System.err.printf(Locale.ROOT, "%s: %d streams in %d process(es), snapshot %d bytes at version %d, Last-Event-ID %s%n",
                    label, n, processes, status.size(), version, mode);
            for (Shard shard : shards) {
                shard.go();
            }
            double connectMs = 0;
            for (Shard shard : shards) {
                connectMs = Math.max(connectMs, shard.awaitReady());
            }
            Thread.sleep(o.duration("settle", "1s"));
            ServerProcess.Sample connected = server == null ? null : server.sample();

            List<Shard.Change> changes = new ArrayList<>();
            List<Double> writeMs = new ArrayList<>();
            long clientCpuBefore = ownCpuNanos();
            long t0 = System.nanoTime();
            if (o.values().containsKey("started")) {
                Files.writeString(Path.of(o.string("started", null)), "");
            }
            for (int k = 0; k < minimum || until != null && k < MAX_CHANGES && !Files.exists(until); k++) {
                long due = t0 + k * interval * 1_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                }
                long started = System.nanoTime();
                long committed = status.change(service, k);
                writeMs.add((System.nanoTime() - started) / 1e6);
                changes.add(new Shard.Change(committed, started));
            }
            int m = changes.size();
            Thread.sleep(missTimeout / 1_000_000L);
            ServerProcess.Sample after = server == null ? null : server.sample();
            // a load client that used most of a core meanwhile was reading late: its latencies are its own
            double clientBusy = processes == 1 ? (ownCpuNanos() - clientCpuBefore) / (double) (System.nanoTime() - t0) : -1;

            int ready = 0;
            int dropped = 0;
            long superseded = 0;
            long late = 0;
            long lost = 0;
            Map<String, Integer> failures = new TreeMap<>();
            List<Long> ttfe = new ArrayList<>();
            List<Long> latencies = new ArrayList<>();
            List<List<Long>> byChange = new ArrayList<>();
            for (int k = 0; k < m; k++) {
                byChange.add(new ArrayList<>());
            }
            for (Shard shard : shards) {
                Shard.Result r = shard.finish(changes, missTimeout);
                ready += r.ready();
                dropped += r.dropped();
                superseded += r.superseded();
                late += r.late();
                lost += r.lost();
                r.failures().forEach((cause, count) -> failures.merge(cause, count, Integer::sum));
                ttfe.addAll(r.ttfe());
                latencies.addAll(r.latencies());
                for (int i = 0; i < r.latencies().size() && i < r.changeOf().size(); i++) {
                    byChange.get(r.changeOf().get(i).intValue()).add(r.latencies().get(i));
                }
            }
            report(o, label, n, m, processes, ready, failures, connectMs, ttfe, latencies, byChange, superseded, late, lost,
                    dropped, clientBusy, writeMs, before, connected, after);
        }
    }

    private static Main.Options withExtra(Main.Options o, Map<String, String> extra) {
        Map<String, String> values = new java.util.LinkedHashMap<>(o.values());
        values.putAll(extra);
        return new Main.Options(o.raw(), values);
    }

    private static List<String> childCommand(Main.Options o, int count, int offset, double ramp, int maxPending,
            long readyVersion) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xms64m", "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "client"));
        for (String name : List.of("url", "origin", "header-last-event-id", "sources", "connect-timeout")) {
            if (o.values().containsKey(name)) {
                command.addAll(List.of("--" + name, o.values().get(name)));
            }
        }
        command.addAll(List.of("--count", Integer.toString(count), "--offset", Integer.toString(offset),
                "--ramp", Double.toString(ramp), "--max-pending", Integer.toString(maxPending),
                "--ready-version", Long.toString(readyVersion)));
        return command;
    }

    private static void report(Main.Options o, String label, int n, int m, int processes, int ready,
            Map<String, Integer> failures, double connectMs, List<Long> ttfe, List<Long> latencies,
            List<List<Long>> byChange, long superseded, long late, long lost, int dropped, double clientBusy,
            List<Double> writeMs, ServerProcess.Sample before, ServerProcess.Sample connected, ServerProcess.Sample after)
            throws Exception {
        Collections.sort(ttfe);
        Collections.sort(latencies);
        double rssPerStream = before == null || ready == 0 ? -1 : (connected.rssKb() - before.rssKb()) / (double) ready;
        double cpuPerChange = connected == null || m == 0 ? -1 : (after.cpuMs() - connected.cpuMs()) / (double) m;
        double cpuPerConnectUs = before == null || ready == 0 ? -1 : (connected.cpuMs() - before.cpuMs()) * 1000.0 / ready;
        writeMs.sort(null);
        System.out.printf(Locale.ROOT, "%s  streams %d/%d ready (%d process(es)), failures %s%n", label, ready, n, processes,
                failures.isEmpty() ? "none" : failures);
        System.out.printf(Locale.ROOT, "connect   all ready in %.0f ms; time to first event p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                connectMs, pct(ttfe, 50) / 1e3, pct(ttfe, 99) / 1e3, pct(ttfe, 100) / 1e3);
        long missed = late + lost;
        System.out.printf(Locale.ROOT, "delivery  %d changes x %d streams: p50 %.1f ms, p99 %.1f ms, max %.1f ms; missed %d (%d late, %d lost);"
                        + " superseded by a newer snapshot %d; dropped streams %d%n",
                m, ready, pct(latencies, 50) / 1e3, pct(latencies, 99) / 1e3, pct(latencies, 100) / 1e3, missed, late, lost,
                superseded, dropped);
        // each broadcast on its own: the first ones after a connect wave are where a tail comes from
        StringBuilder perChange = new StringBuilder("[");
        for (List<Long> one : byChange) {
            one.sort(null);
            perChange.append(perChange.length() > 1 ? "," : "").append(String.format(Locale.ROOT, "%.0f", pct(one, 99) / 1e3));
        }
        perChange.append(']');
        System.out.printf(Locale.ROOT, "          p99 of each change in order (ms): %s%n", perChange);
        if (clientBusy >= 0) {
            System.out.printf(Locale.ROOT, "client    this process used %.0f%% of a core from the first change to the end%n", clientBusy * 100);
        }
        System.out.printf(Locale.ROOT, "write     library setStatus (commit + publish) p50 %.1f ms, max %.1f ms%n",
                writeMs.isEmpty() ? 0 : writeMs.get(writeMs.size() / 2), writeMs.isEmpty() ? 0 : writeMs.get(writeMs.size() - 1));
        if (before != null) {
            System.out.printf(Locale.ROOT, "server    RSS %d -> %d KiB: %.1f KiB per stream; CPU %.0f ms per change, %.0f us per connect%n",
                    before.rssKb(), connected.rssKb(), rssPerStream, cpuPerChange, cpuPerConnectUs);
        }
        String json = String.format(Locale.ROOT,
                "{\"label\":\"%s\",\"streams\":%d,\"ready\":%d,\"processes\":%d,\"changes\":%d,\"failures\":%s,"
                        + "\"connect\":{\"all_ready_ms\":%.0f,\"ttfe_p50_ms\":%.1f,\"ttfe_p99_ms\":%.1f,\"ttfe_max_ms\":%.1f},"
                        + "\"delivery\":{\"p50_ms\":%.1f,\"p99_ms\":%.1f,\"max_ms\":%.1f,\"missed\":%d,\"late\":%d,\"lost\":%d,\"superseded\":%d,\"dropped\":%d,"
                        + "\"p99_by_change_ms\":%s,\"client_busy\":%.2f},"
                        + "\"server\":{\"rss_per_stream_kb\":%.2f,\"cpu_ms_per_change\":%.1f,\"cpu_us_per_connect\":%.1f}}",
                label, n, ready, processes, m, jsonMap(failures), connectMs, pct(ttfe, 50) / 1e3, pct(ttfe, 99) / 1e3,
                pct(ttfe, 100) / 1e3, pct(latencies, 50) / 1e3, pct(latencies, 99) / 1e3, pct(latencies, 100) / 1e3, missed,
                late, lost, superseded, dropped, perChange, clientBusy, rssPerStream, cpuPerChange, cpuPerConnectUs);
        System.out.println(json);
        String out = o.string("json-out", null);
        if (out != null) {
            Files.writeString(new File(out).toPath(), json + "\n");
        }
    }

    private static long ownCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    private static String jsonMap(Map<String, Integer> map) {
        StringBuilder b = new StringBuilder("{");
        map.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k.replace("\"", "'")).append("\":").append(v));
        return b.append('}').toString();
    }

    /** The p-th percentile (nearest rank) of sorted values; 0 when empty. */
    static double pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
