package dev.statusstream.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.statusstream.AddSubscriber;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.SubscriberKind;
import dev.statusstream.internal.DatabaseUrl;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * {@code status-bench lock-hold}: how long one write holds the page's version, the row every page write
 * waits its turn at. Measured on the JDBC side of the library's pool: from the moment the
 * statement that takes the next version returns until the transaction's commit returns, so it counts
 * every statement, every line of Java and every round trip made while other writers wait (the pool is the
 * bench's own, wrapped, as an application gives its pool to the library). Writes run one
 * at a time from one thread (no queueing in the figures), after a warm-up, on a page of eight services and
 * an open incident with {@code --subscribers} webhook subscribers (nothing is delivered; the outbox rows
 * are written as on any node). Of every ten writes, eight change a status and two open and resolve an
 * incident.
 */
final class LockHold {
    private static final Pattern TABLE = Pattern.compile("statusstream_[a-z_]+");
    private static final String TAKES_VERSION = "update statusstream_status_version set version = version + 1";

    private LockHold() {
    }

    static void run(Main.Options o) throws Exception {
        String database = o.string("database-url", System.getenv("STATUS_DATABASE_URL"));
        if (database == null) {
            throw new IllegalArgumentException("--database-url (or STATUS_DATABASE_URL) is required");
        }
        int writes = o.integer("writes", 2000);
        int warm = (o.integer("warm-writes", 2000) + 9) / 10 * 10;
        int subscribers = o.integer("subscribers", 100);
        DatabaseUrl url = DatabaseUrl.parse("--database-url", database);
        var hikari = new HikariConfig();
        hikari.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            hikari.setUsername(url.user());
        }
        if (url.password() != null) {
            hikari.setPassword(url.password());
        }
        hikari.setMaximumPoolSize(4);
        var timings = new Timings();
        try (var pool = new HikariDataSource(hikari);
                StatusStream status = StatusStream.builder()
                        .config(StatusStreamConfig.defaults().withDatabaseUrl(database).withAllowPrivateTargets(true))
                        .dataSource(timings.wrap(pool)).build()) {
            Main.seed(status);
            for (int i = status.subscribers(null, 500).size(); i < subscribers; i++) {
                status.execute(new AddSubscriber(SubscriberKind.WEBHOOK, "http://127.0.0.1:9/hook-" + i, List.of(), true, null,
                        "en"));
            }
            // ten writes: eight status changes, then an incident opened and resolved (every subscriber is told
            // of each); resolved incidents stay on the page up to its bound of 50, reached during the warm-up
            String[] open = {null};
            Runnable[] write = new Runnable[10];
            for (int i = 0; i < 8; i++) {
                Status next = i % 2 == 0 ? Status.DEGRADED : Status.OPERATIONAL;
                write[i] = () -> status.setStatus("bench-1", next, LocalizedText.of("en", "Checks report " + next.wireName()));
            }
            int[] opened = {0};
            write[8] = () -> open[0] = status.openIncident(NewIncident.incident(
                    LocalizedText.of("en", "Slow logins in region " + ++opened[0]),
                    Status.DEGRADED, List.of("bench-3"), LocalizedText.of("en", "We are looking into slow logins."))).value().slug();
            write[9] = () -> status.resolveIncident(open[0], LocalizedText.of("en", "Logins are fast again."));
            for (int i = 0; i < warm; i++) {
                write[i % write.length].run();
            }
            timings.reset();
            long start = System.nanoTime();
            for (int i = 0; i < writes; i++) {
                write[(warm + i) % write.length].run();
            }
            long elapsed = System.nanoTime() - start;
            timings.print(new PrintWriter(System.out, true), writes, elapsed, subscribers,
                    status.snapshot().toJson().length());
        }
    }

    /** Hold times, and the statements run while holding, from every connection of the wrapped pool. */
    static final class Timings {
        private final List<Long> holds = Collections.synchronizedList(new ArrayList<>());
        private final Map<String, LongAdder> statementNanos = new ConcurrentHashMap<>();
        private final Map<String, LongAdder> statementCounts = new ConcurrentHashMap<>();

        void reset() {
            holds.clear();
            statementNanos.clear();
            statementCounts.clear();
        }

        /** The pool, each connection it hands out timed. */
        DataSource wrap(DataSource pool) {
            InvocationHandler handler = (proxy, method, args) -> {
                Object result = invoke(pool, method, args);
                return method.getName().equals("getConnection") ? connection((Connection) result) : result;
            };
            return (DataSource) Proxy.newProxyInstance(LockHold.class.getClassLoader(), new Class<?>[] {DataSource.class}, handler);
        }

        /** A connection that notes when it took the version and, at its commit or rollback, how long it held it. */
        private Connection connection(Connection real) {
            long[] heldSince = {0};
            InvocationHandler handler = (proxy, method, args) -> {
                String name = method.getName();
                if (name.startsWith("prepareStatement") && args != null && args[0] instanceof String sql) {
                    PreparedStatement statement = (PreparedStatement) invoke(real, method, args);
                    return statement(statement, sql, heldSince);
                }
                Object result = invoke(real, method, args);
                if ((name.equals("commit") || name.equals("rollback") || name.equals("close")) && heldSince[0] != 0) {
                    if (name.equals("commit")) {
                        holds.add(System.nanoTime() - heldSince[0]);
                    }
                    heldSince[0] = 0;
                }
                return result;
            };
            return (Connection) Proxy.newProxyInstance(LockHold.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
        }

        private PreparedStatement statement(PreparedStatement real, String sql, long[] heldSince) {
            String kind = kind(sql);
            InvocationHandler handler = (proxy, method, args) -> {
                if (!method.getName().startsWith("execute")) {
                    return invoke(real, method, args);
                }
                long started = System.nanoTime();
                Object result = invoke(real, method, args);
                long ended = System.nanoTime();
                if (sql.contains(TAKES_VERSION)) {
                    heldSince[0] = ended;
                } else if (heldSince[0] != 0) {
                    statementNanos.computeIfAbsent(kind, k -> new LongAdder()).add(ended - started);
                    statementCounts.computeIfAbsent(kind, k -> new LongAdder()).increment();
                }
                return result;
            };
            return (PreparedStatement) Proxy.newProxyInstance(LockHold.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, handler);
        }

        private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        /** The statement's first words and table, enough to tell them apart in the report. */
        private static String kind(String sql) {
            String flat = sql.strip().replaceAll("\\s+", " ");
            Matcher table = TABLE.matcher(flat);
            String verb = flat.split(" ")[0].toLowerCase();
            return verb + " " + (table.find() ? table.group() : flat.substring(0, Math.min(30, flat.length())));
        }

        void print(PrintWriter out, int writes, long elapsedNanos, int subscribers, int snapshotBytes) {
            long[] sorted;
            synchronized (holds) {
                sorted = holds.stream().mapToLong(Long::longValue).sorted().toArray();
            }
            out.printf("lock-hold: %d writes one at a time (8 in 10 status changes, 2 an incident opened and resolved), %d subscribers,"
                    + " snapshot %d bytes, %.0f writes/s%n", writes, subscribers, snapshotBytes, writes / (elapsedNanos / 1e9));
            out.printf("version held (µs): mean %.0f  p50 %.0f  p90 %.0f  p99 %.0f  max %.0f  (%d commits)%n",
                    Arrays.stream(sorted).average().orElse(Double.NaN) / 1e3, pct(sorted, 0.50), pct(sorted, 0.90),
                    pct(sorted, 0.99), sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e3, sorted.length);
            long inStatements = statementNanos.values().stream().mapToLong(LongAdder::sum).sum();
            long held = Arrays.stream(sorted).sum();
            out.printf("of which in statements %.0f µs a write, in Java and the driver between them %.0f µs%n",
                    inStatements / 1e3 / writes, (held - inStatements) / 1e3 / writes);
            Map<String, String> rows = new TreeMap<>();
            statementNanos.forEach((kind, nanos) -> rows.put(String.format("%12.1f", nanos.sum() / 1e3 / writes) + kind,
                    String.format("  %-52s %6.1f a write  %7.1f µs a write", kind,
                            statementCounts.get(kind).sum() / (double) writes, nanos.sum() / 1e3 / writes)));
            out.println("statements while holding it, by time:");
            rows.entrySet().stream().sorted(Map.Entry.<String, String>comparingByKey().reversed())
                    .forEach(e -> out.println(e.getValue()));
        }

        private static double pct(long[] sorted, double p) {
            return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e3;
        }
    }
}
