package dev.statusstream.bench;

import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar status-bench.jar run|seed|client|write-endpoint|lock-hold ...}: see {@link #USAGE}. A program,
 * not a test: it prints numbers and a JSON line, and asserts nothing.
 */
public final class Main {
    static final String USAGE = """
            status-bench: load a running StatusStream server and measure it.

              status-bench seed   --database-url URL [--redis-url URL --redis-prefix P]
                  adds the services bench-0..bench-7 and an incident (a ~3 KB snapshot), once
              status-bench run    --url http://127.0.0.1:8080/api/status/stream --database-url URL
                                  [--redis-url URL --redis-prefix P] [options]
                  opens N streams, changes service bench-0 M times through the library, and reports
              status-bench write-endpoint --port 18099 --database-url URL [--redis-url URL --redis-prefix P]
                  PUT /status/{service} {"status":"degraded","summary":"..."} -> the library's setStatus,
                  for load tools that publish over HTTP (ssebench); binds 127.0.0.1 only
              status-bench lock-hold --database-url URL [--writes 2000] [--warm-writes 2000] [--subscribers 100]
                  how long each write holds the page's version (the row writers wait their turn at),
                  one write at a time, with the statements run meanwhile; use an empty database

            run options:
              -n, --streams N         streams to open                                  [1000]
              -m, --changes M         status changes                                   [10]
              --interval DUR          time between changes                             [1s]
              --until FILE            after the first M changes, go on changing until FILE
                                      exists (as long as something else runs; at most 10,000)
              --started FILE          create FILE when the streams are open, just before the
                                      first change (for a script that starts something then)
              --ramp R                new streams per second, 0 = as fast as possible  [2000]
              --max-pending K         streams started but not yet ready, at most       [1000]
              --last-event-id MODE    none | current (up to date: ready at HTTP 200) | behind:K  [none]
              --service ID            the service whose status changes                 [bench-0]
              --warm-writes K         writes to --warm-service before any stream opens, so
                                      the timed writes run compiled, as a server's do  [1000]
              --warm-service ID       the service the warm-up writes change            [bench-7]
              --server-pid PID        read the server's RSS and CPU from /proc
              --sources A-B           client source addresses 127.0.0.A..127.0.0.B, for ephemeral ports [2-50]
              --per-process N         streams per load process; more are sharded into child JVMs [19000]
              --settle DUR            pause between connecting and the first change    [1s]
              --miss-timeout DUR      a change no event carried (itself or a newer one)
                                      within this is missed                            [5s]
              --connect-timeout DUR   per stream: HTTP 200 and first event within this [30s]
              --origin ORIGIN         send this Origin header
              --label NAME            name in the report
              --publish-url URL       publish each change as an HTTP POST of a ~3 KB document to URL
                                      (nginx+nchan's publisher) instead of writing through the library;
                                      events are then counted in order, as nchan's ids are not versions
            """;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
            System.out.println(USAGE);
            return;
        }
        Options o = Options.parse(args);
        switch (args[0]) {
            case "run" -> Bench.run(o);
            case "seed" -> {
                try (StatusStream status = library(o)) {
                    seed(status);
                    System.out.println("seeded; snapshot is " + status.snapshot().toJson().length() + " bytes at version "
                            + status.snapshot().version());
                }
            }
            case "client" -> Shard.serve(load(o, o.integer("count", 0), o.integer("offset", 0), o.number("ramp", 2000),
                    o.integer("max-pending", 1000), o.longValue("ready-version", -1)));
            case "lock-hold" -> LockHold.run(o);
            case "write-endpoint" -> WriteEndpoint.serve(library(o), o.integer("port", 18099));
            default -> {
                System.err.println("status-bench: unknown command '" + args[0] + "'\n" + USAGE);
                System.exit(2);
            }
        }
    }

    static StatusStream library(Options o) {
        String database = o.string("database-url", System.getenv("STATUS_DATABASE_URL"));
        if (database == null) {
            throw new IllegalArgumentException("--database-url (or STATUS_DATABASE_URL) is required");
        }
        StatusStreamConfig config = StatusStreamConfig.defaults().withDatabaseUrl(database)
                .withRedisUrl(o.string("redis-url", System.getenv("STATUS_REDIS_URL")))
                .withRedisPrefix(o.string("redis-prefix", System.getenv().getOrDefault("STATUS_REDIS_PREFIX", "status")));
        return StatusStream.create(config);
    }

    /** Eight services and an open incident: a snapshot of about 3 KB, the size ssebench's anchors publish. */
    static void seed(StatusStream status) {
        if (status.snapshot().service("bench-0").isPresent()) {
            return;
        }
        String[] categories = {"Platform", "Data", "Edge"};
        for (int i = 0; i < 8; i++) {
            status.addService(new NewService("bench-" + i, LocalizedText.of("en", "Benchmark service " + i),
                    categories[i % categories.length], LocalizedText.of("en", "A service of the benchmark fixture."), i));
        }
        status.openIncident(NewIncident.incident(LocalizedText.of("en", "Elevated error rates on the edge"), Status.DEGRADED,
                List.of("bench-2", "bench-5"), LocalizedText.of("en", "We are investigating elevated error rates for some requests.")));
    }

    /** A load client for {@code count} streams, from the {@code run}/{@code client} options. */
    static SseLoad load(Options o, int count, int offset, double ramp, int maxPending, long readyVersion) throws Exception {
        URI url = URI.create(o.string("url", "http://127.0.0.1:8080/api/status/stream"));
        var target = new InetSocketAddress(InetAddress.getByName(url.getHost()), url.getPort() < 0 ? 80 : url.getPort());
        String path = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        Map<String, String> headers = new LinkedHashMap<>();
        if (o.string("origin", null) != null) {
            headers.put("Origin", o.string("origin", null));
        }
        if (o.string("header-last-event-id", null) != null) {
            headers.put("Last-Event-ID", o.string("header-last-event-id", null));
        }
        return new SseLoad(target, path, headers, sources(o.string("sources", "2-50"), target.getAddress()), count, offset,
                ramp, maxPending, readyVersion, o.duration("connect-timeout", "30s") * 1_000_000L);
    }

    /** 127.0.0.A..127.0.0.B, only for a loopback target (others are not bound). */
    static List<InetAddress> sources(String range, InetAddress target) throws Exception {
        List<InetAddress> sources = new ArrayList<>();
        if (range.equals("none") || !target.isLoopbackAddress()) {
            return sources;
        }
        String[] ab = range.split("-");
        for (int i = Integer.parseInt(ab[0]); i <= Integer.parseInt(ab[1]); i++) {
            sources.add(InetAddress.getByName("127.0.0." + i));
        }
        return sources;
    }

    /** {@code --name value} options after the command. */
    record Options(List<String> raw, Map<String, String> values) {
        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 1; i < args.length; i++) {
                String name = args[i];
                if (!name.startsWith("-") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected '--option value', got '" + name + "'");
                }
                name = switch (name) {
                    case "-n" -> "streams";
                    case "-m" -> "changes";
                    default -> name.replaceFirst("^--?", "");
                };
                values.put(name, args[++i]);
            }
            return new Options(List.of(args), values);
        }

        String string(String name, String fallback) {
            return values.getOrDefault(name, fallback);
        }

        int integer(String name, int fallback) {
            return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
        }

        long longValue(String name, long fallback) {
            return values.containsKey(name) ? Long.parseLong(values.get(name)) : fallback;
        }

        double number(String name, double fallback) {
            return values.containsKey(name) ? Double.parseDouble(values.get(name)) : fallback;
        }

        /** {@code 500ms}, {@code 5s}, or plain milliseconds, in milliseconds. */
        long duration(String name, String fallback) {
            String v = values.getOrDefault(name, fallback);
            if (v.endsWith("ms")) {
                return Long.parseLong(v.substring(0, v.length() - 2));
            }
            if (v.endsWith("s")) {
                return (long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000);
            }
            return Long.parseLong(v);
        }
    }
}
