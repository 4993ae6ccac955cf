package dev.statusstream.server.automation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.statusstream.AddMonitor;
import dev.statusstream.LocalizedText;
import dev.statusstream.Monitor;
import dev.statusstream.NewMonitor;
import dev.statusstream.NewService;
import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.server.testing.FaultLogs;
import dev.statusstream.server.testing.NodeProcess;
import dev.statusstream.server.testing.ProcessClassesTakeTurns;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import dev.statusstream.testing.Waiting;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two nodes run the same checks: every check runs once per interval (counted at the target), and when
 * one node is killed (SIGKILL, a separate process) the other takes its checks over within an interval.
 */
@ExtendWith(ProcessClassesTakeTurns.class)
class TwoNodeChecksTest {
    private static final int CHECKS = 10;
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** How long a lease outlasts a check's timeout (docs/automation.md). */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(2);

    @Test
    void each_check_runs_once_per_interval_on_two_nodes_and_a_killed_nodes_checks_move_when_due_or_when_their_lease_ends() throws Exception {
        Map<String, List<Long>> hits = new ConcurrentHashMap<>();
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        target.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        target.createContext("/", exchange -> {
            hits.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        target.start();
        String database = TestServices.newMigratedDatabase();
        Map<String, String> env = Map.of("STATUS_DATABASE_URL", database, "STATUS_REDIS_URL", TestServices.redisUrl(),
                "STATUS_REDIS_PREFIX", TestServices.newRedisPrefix(), "STATUS_ALLOW_PRIVATE_TARGETS", "true");
        try (StatusStream setup = StatusStream.create(StatusStreamConfig.defaults().withDatabaseUrl(database).withAllowPrivateTargets(true));
             NodeProcess b = NodeProcess.start("two-node-checks-b", env)) {
            setup.addService(NewService.of("api", LocalizedText.of("en", "API")));
            for (int i = 0; i < CHECKS; i++) {
                setup.execute(new AddMonitor(new NewMonitor("api", "check-" + i, Monitor.Kind.HTTP,
                        "http://127.0.0.1:" + target.getAddress().getPort() + "/c" + i, INTERVAL, null, TIMEOUT,
                        200, 299, null, 3, 1, null)));
            }
            Waiting.until(Duration.ofSeconds(20), "node b runs every check", () -> hits.size() == CHECKS);

            try (TestNode a = TestNode.start(env)) {
                a.status().follow();
                Thread.sleep(1000); // node a is polling too
                long from = System.nanoTime();
                Thread.sleep(12_000); // counting window: six intervals, both nodes running
                long to = System.nanoTime();
                int total = 0;
                for (int i = 0; i < CHECKS; i++) {
                    List<Long> times = hits.get("/c" + i).stream().filter(t -> t >= from && t < to).toList();
                    total += times.size();
                    assertTrue(times.size() >= 5 && times.size() <= 7, "/c" + i + " ran " + times.size() + " times in 6 intervals");
                    for (int k = 1; k < times.size(); k++) {
                        long gap = (times.get(k) - times.get(k - 1)) / 1_000_000;
                        assertTrue(gap >= 1000, "/c" + i + " ran twice within " + gap + " ms: two nodes ran it at once");
                    }
                }
                FaultLogs.figure("two nodes, 10 checks every 2 s", "runs per check per interval (x1000)",
                        total * 1000.0 / (CHECKS * 6));

                long killed = System.nanoTime();
                b.kill();
                // as long as the test used to sleep at most: every check must run on node a after the first 4 s past the kill
                Waiting.until(Duration.ofSeconds(8), "every check running on node a after the kill", () -> hits.values().stream()
                        .allMatch(times -> times.stream().anyMatch(t -> t > killed + 4_000_000_000L)));
                long worst = 0;
                for (int i = 0; i < CHECKS; i++) {
                    List<Long> times = hits.get("/c" + i);
                    long before = times.stream().filter(t -> t < killed).mapToLong(Long::longValue).max().orElseThrow();
                    long after = times.stream().filter(t -> t >= killed).mapToLong(Long::longValue).min().orElseThrow();
                    long late = (after - before) / 1_000_000 - INTERVAL.toMillis();
                    worst = Math.max(worst, late);
                }
                FaultLogs.figure("node killed (SIGKILL) with 10 checks every 2 s", "worst delay of a check beyond its interval", worst);
                // a check node b had claimed but not finished when it died waits for its lease (timeout + 2 s);
                // the others are taken when due. Lateness beyond that bound would be a check left behind.
                long bound = TIMEOUT.plus(LEASE_MARGIN).toMillis() + 500;
                assertTrue(worst <= bound, "every check ran again when due or when its lease ended, worst " + worst
                        + " ms late (bound " + bound + " ms)");
                assertEquals(0, hits.entrySet().stream().filter(e -> e.getValue().stream().noneMatch(t -> t > killed + 4_000_000_000L))
                        .count(), "every check keeps running on node a");
            }
        } finally {
            target.stop(0);
        }
    }
}
