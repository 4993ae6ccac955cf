import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak: N server nodes (separate processes, the real jar), M SSE clients spread over them, a
 * status change every P ms through the library (as the CLI makes it), and the private Redis they
 * share stopped and started again every R seconds, for D. Then every client must have seen a strictly
 * increasing sequence of snapshot versions ending on the final version. Prints the figures; exits 0
 * when every check passed, 1 otherwise.
 *
 * <p>Run it through {@code bench/soak.sh}, which builds the jars and passes the classpath. It starts
 * its own redis-server on a free loopback port and creates (and drops) its own database on the
 * PostgreSQL named by {@code --postgres} (default the local one); it never touches a shared Redis.
 */
public final class Soak {
    private static final List<String> SERVICES = List.of("api", "web", "db", "auth", "cdn");
    private static final Status[] CYCLE = {Status.DEGRADED, Status.OUTAGE, Status.MAINTENANCE, Status.OPERATIONAL};

    record Options(int nodes, int clients, Duration changeEvery, Duration redisEvery, Duration redisDown,
            Duration duration, String postgres, Path serverJar, Path logs) {
        static Options parse(String[] args) {
            Map<String, String> given = new HashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
                }
                given.put(args[i].substring(2), args[i + 1]);
            }
            return new Options(
                    Integer.parseInt(given.getOrDefault("nodes", "3")),
                    Integer.parseInt(given.getOrDefault("clients", "1000")),
                    duration(given.getOrDefault("change-every", "200ms")),
                    duration(given.getOrDefault("redis-restart-every", "30s")),
                    duration(given.getOrDefault("redis-down", "2s")),
                    duration(given.getOrDefault("duration", "10m")),
                    given.getOrDefault("postgres", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"),
                    Path.of(given.getOrDefault("server-jar", "status-server/target/status-server.jar")),
                    Path.of(given.getOrDefault("logs", "target/soak")));
        }

        static Duration duration(String text) {
            var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)").matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a duration: " + text + " (write 200ms, 30s, 10m)");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Files.createDirectories(o.logs());
        System.out.printf("soak: %d nodes, %d clients, a change every %d ms, Redis stopped every %d s for %d ms, %d s%n",
                o.nodes(), o.clients(), o.changeEvery().toMillis(), o.redisEvery().toSeconds(), o.redisDown().toMillis(),
                o.duration().toSeconds());
        String database = "soak_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String prefix = "soak-" + database.substring(5);
        List<Process> nodes = new ArrayList<>();
        List<Client> clients = new ArrayList<>();
        Redis redis = new Redis(freePort(), o.logs().resolve("redis.log"));
        boolean passed = false;
        try (Connection admin = DriverManager.getConnection(o.postgres())) {
            admin.createStatement().execute("create database " + database);
            String databaseUrl = o.postgres().replaceFirst("/postgres(\\?|$)", "/" + database + "$1");
            try {
                redis.start();
                passed = run(o, databaseUrl, prefix, redis, nodes, clients);
            } finally {
                clients.forEach(Client::close);
                for (Process node : nodes) {
                    node.destroy();
                }
                for (Process node : nodes) {
                    node.waitFor(20, TimeUnit.SECONDS);
                    node.destroyForcibly();
                }
                redis.stop();
                admin.createStatement().execute("drop database if exists " + database + " with (force)");
            }
        }
        System.out.println(passed ? "SOAK PASSED" : "SOAK FAILED");
        System.exit(passed ? 0 : 1);
    }

    private static boolean run(Options o, String databaseUrl, String prefix, Redis redis, List<Process> nodes,
            List<Client> clients) throws Exception {
        var config = StatusStreamConfig.defaults().withDatabaseUrl(databaseUrl).withRedisUrl(redis.url()).withRedisPrefix(prefix);
        try (StatusStream writer = StatusStream.create(config)) {
            for (String id : SERVICES) {
                writer.addService(NewService.of(id, LocalizedText.of("en", id)));
            }
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < o.nodes(); i++) {
                int port = freePort();
                nodes.add(startNode(o, i, port, databaseUrl, redis.url(), prefix));
                urls.add("http://127.0.0.1:" + port);
            }
            for (String url : urls) {
                waitUntil(Duration.ofSeconds(60), () -> status(url + "/healthz") == 200, "node " + url);
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            long start = writer.snapshot().version();
            for (int i = 0; i < o.clients(); i++) {
                clients.add(new Client(i, http, urls, i % urls.size()));
            }
            waitUntil(Duration.ofSeconds(60), () -> clients.stream().allMatch(c -> c.last() >= start),
                    o.clients() + " clients to receive their first snapshot");
            System.out.printf("%s all %d clients connected%n", Instant.now(), clients.size());

            // version -> when its write started (nanoTime), and whether Redis was down then
            Map<Long, long[]> writes = new ConcurrentHashMap<>();
            AtomicLong failures = new AtomicLong();
            AtomicInteger restarts = new AtomicInteger();
            long begin = System.nanoTime();
            long end = begin + o.duration().toNanos();
            long nextRestart = begin + o.redisEvery().toNanos();
            long nextProgress = begin + TimeUnit.SECONDS.toNanos(30);
            long last = start;
            int n = 0;
            Thread restarter = null;
            while (System.nanoTime() < end) {
                long tick = System.nanoTime();
                if (tick >= nextRestart && (restarter == null || !restarter.isAlive())) {
                    nextRestart += o.redisEvery().toNanos();
                    restarts.incrementAndGet();
                    restarter = Thread.ofVirtual().start(() -> redis.restart(o.redisDown()));
                }
                String service = SERVICES.get(n % SERVICES.size());
                Status status = CYCLE[(n / SERVICES.size()) % CYCLE.length];
                n++;
                try {
                    long version = writer.setStatus(service, status, null).version();
                    writes.put(version, new long[] {tick, redis.down() ? 1 : 0});
                    last = Math.max(last, version);
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                    System.out.println(Instant.now() + " write failed: " + e.getMessage());
                }
                if (tick >= nextProgress) {
                    nextProgress += TimeUnit.SECONDS.toNanos(30);
                    long lowest = clients.stream().mapToLong(Client::last).min().orElse(-1);
                    System.out.printf("%s %4d s: version %d, slowest client at %d, %d writes failed, %d Redis restarts, %d reconnects%n",
                            Instant.now(), (tick - begin) / 1_000_000_000L, last, lowest, failures.get(), restarts.get(),
                            clients.stream().mapToInt(Client::reconnects).sum());
                }
                long sleep = tick + o.changeEvery().toNanos() - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                }
            }
            if (restarter != null) {
                restarter.join();
            }
            long finalVersion = last;
            long committed = currentVersion(databaseUrl);
            long settleStart = System.nanoTime();
            try {
                waitUntil(Duration.ofSeconds(30), () -> clients.stream().allMatch(c -> c.last() >= finalVersion),
                        "every client to reach the final version " + finalVersion);
            } catch (IllegalStateException e) {
                System.out.println(e.getMessage());
            }
            double settle = (System.nanoTime() - settleStart) / 1e6;
            return report(o, clients, writes, finalVersion, committed, failures.get(), restarts.get(), settle, urls, nodes);
        }
    }

    private static boolean report(Options o, List<Client> clients, Map<Long, long[]> writes, long finalVersion,
            long committed, long failures, int restarts, double settleMillis, List<String> urls, List<Process> nodes)
            throws Exception {
        int notIncreasing = 0;
        int notFinal = 0;
        long received = 0;
        List<Long> latencies = new ArrayList<>();
        List<Long> latenciesRedisDown = new ArrayList<>();
        long[] sortedVersions = writes.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        for (Client c : clients) {
            long[][] seen = c.seen();
            long[] versions = seen[0];
            long[] arrivals = seen[1];
            received += versions.length;
            for (int i = 1; i < versions.length; i++) {
                if (versions[i] <= versions[i - 1]) {
                    notIncreasing++;
                    System.out.printf("client %d: version %d after %d%n", c.id, versions[i], versions[i - 1]);
                    break;
                }
            }
            if (versions.length == 0 || versions[versions.length - 1] != finalVersion) {
                notFinal++;
            }
            // delivery of each write to this client: the first snapshot at its version or later
            int j = 0;
            for (long version : sortedVersions) {
                while (j < versions.length && versions[j] < version) {
                    j++;
                }
                if (j == versions.length) {
                    break;
                }
                long[] write = writes.get(version);
                long latency = arrivals[j] - write[0];
                (write[1] == 1 ? latenciesRedisDown : latencies).add(latency);
            }
        }
        System.out.println();
        System.out.println("== soak figures ==");
        System.out.printf("writes: %d acknowledged, %d failed; final version %d, PostgreSQL at %d%n",
                writes.size(), failures, finalVersion, committed);
        System.out.printf("Redis restarts: %d (down %d ms each)%n", restarts, o.redisDown().toMillis());
        System.out.printf("clients: %d; snapshot events received: %d; reconnects: %d%n", clients.size(), received,
                clients.stream().mapToInt(Client::reconnects).sum());
        System.out.printf("clients with a non-increasing sequence: %d; not ending on the final version: %d%n",
                notIncreasing, notFinal);
        System.out.printf("after the last write, every client had it within %.0f ms%n", settleMillis);
        printLatency("delivery (write start -> client), Redis up", latencies);
        printLatency("delivery (write start -> client), Redis down", latenciesRedisDown);
        for (int i = 0; i < urls.size(); i++) {
            String ready = body(urls.get(i) + "/readyz");
            System.out.printf("node %d: RSS %s; %s%n", i, rss(nodes.get(i)), ready);
        }
        return failures == 0 && notIncreasing == 0 && notFinal == 0 && committed == finalVersion;
    }

    private static void printLatency(String what, List<Long> nanos) {
        if (nanos.isEmpty()) {
            System.out.printf("%s: none%n", what);
            return;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%s: %d deliveries, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", what, sorted.length,
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    private static Process startNode(Options o, int i, int port, String databaseUrl, String redisUrl, String prefix)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        var builder = new ProcessBuilder(java, "-Xmx512m", "-jar", o.serverJar().toString())
                .redirectErrorStream(true)
                .redirectOutput(o.logs().resolve("node-" + i + ".log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("STATUS_"));
        builder.environment().putAll(Map.of("STATUS_DATABASE_URL", databaseUrl, "STATUS_REDIS_URL", redisUrl,
                "STATUS_REDIS_PREFIX", prefix, "STATUS_HOST", "127.0.0.1", "STATUS_PORT", Integer.toString(port),
                "STATUS_DATA_DIR", o.logs().resolve("node-" + i).toString()));
        return builder.start();
    }

    /** One SSE client: records the version and arrival time of every snapshot; resumes with Last-Event-ID if cut. */
    static final class Client {
        final int id;
        private final HttpClient http;
        private final List<String> urls;
        private final Thread thread;
        private long[] versions = new long[256];
        private long[] arrivals = new long[256];
        private int count;
        private volatile long last = -1;
        private volatile int reconnects;
        private volatile boolean closed;
        private volatile InputStream body;

        Client(int id, HttpClient http, List<String> urls, int first) {
            this.id = id;
            this.http = http;
            this.urls = urls;
            this.thread = Thread.ofVirtual().name("client-" + id).start(() -> run(first));
        }

        long last() {
            return last;
        }

        int reconnects() {
            return reconnects;
        }

        synchronized long[][] seen() {
            return new long[][] {Arrays.copyOf(versions, count), Arrays.copyOf(arrivals, count)};
        }

        private synchronized void record(long version, long at) {
            if (count == versions.length) {
                versions = Arrays.copyOf(versions, count * 2);
                arrivals = Arrays.copyOf(arrivals, count * 2);
            }
            versions[count] = version;
            arrivals[count] = at;
            count++;
            last = version;
        }

        private void run(int node) {
            String lastEventId = null;
            while (!closed) {
                try {
                    var request = HttpRequest.newBuilder(URI.create(urls.get(node) + "/api/status/stream"))
                            .header("Accept", "text/event-stream");
                    if (lastEventId != null) {
                        request.header("Last-Event-ID", lastEventId);
                    }
                    HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                    body = response.body();
                    if (response.statusCode() == 200) {
                        lastEventId = read(response.body(), lastEventId);
                    } else {
                        response.body().close();
                    }
                } catch (IOException e) {
                    // cut: resume below
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) {
                    return;
                }
                reconnects++;
                node = (node + 1) % urls.size();
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private String read(InputStream in, String lastEventId) throws IOException {
            var lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String id = null;
            String event = null;
            boolean data = false;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data && id != null) {
                        lastEventId = id;
                        if (event == null) {
                            record(Long.parseLong(id), System.nanoTime());
                        }
                    }
                    id = null;
                    event = null;
                    data = false;
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data = true;
                }
            }
            return lastEventId;
        }

        void close() {
            closed = true;
            try {
                InputStream b = body;
                if (b != null) {
                    b.close();
                }
            } catch (IOException e) {
                // closing anyway
            }
            thread.interrupt();
        }
    }

    /** A private redis-server on a loopback port, stopped and started again on the same port. */
    static final class Redis {
        private final int port;
        private final Path log;
        private volatile Process process;
        private volatile boolean down;

        Redis(int port, Path log) {
            this.port = port;
            this.log = log;
        }

        String url() {
            return "redis://127.0.0.1:" + port;
        }

        boolean down() {
            return down;
        }

        void start() throws Exception {
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--loglevel", "warning")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            waitUntil(Duration.ofSeconds(10), () -> answers(port), "redis-server on " + port);
            down = false;
        }

        void stop() throws InterruptedException {
            down = true;
            Process p = process;
            if (p != null) {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
        }

        void restart(Duration pause) {
            try {
                stop();
                System.out.printf("%s Redis stopped%n", Instant.now());
                Thread.sleep(pause);
                start();
                System.out.printf("%s Redis started again%n", Instant.now());
            } catch (Exception e) {
                System.out.println("Redis restart failed: " + e);
            }
        }
    }

    private static long currentVersion(String databaseUrl) throws Exception {
        try (Connection c = DriverManager.getConnection(databaseUrl);
             ResultSet rs = c.createStatement().executeQuery("select version from statusstream_status_version")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String rss(Process process) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS")).map(l -> l.substring(6).strip()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static int status(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String body(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void waitUntil(Duration timeout, java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
