package dev.statusstream.bench;

import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.testing.TestServices;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How long after a write returns each kind of listener hears of it, on the writing node and on another
 * node (through Redis). A program, not a test: prints percentiles.
 *
 * <pre>
 * ./mvnw -q -pl status-core test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp status-core/target/test-classes:status-core/target/classes:$(cat status-core/target/cp.txt) \
 *   dev.statusstream.bench.ListenerLatency 500
 * </pre>
 */
public final class ListenerLatency {
    private ListenerLatency() {
    }

    public static void main(String[] args) throws Exception {
        int writes = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        StatusStreamConfig config = StatusStreamConfig.defaults()
                .withDatabaseUrl(TestServices.newMigratedDatabase())
                .withRedisUrl(TestServices.redisUrl())
                .withRedisPrefix(TestServices.newRedisPrefix());
        try (StatusStream writer = StatusStream.create(config); StatusStream other = StatusStream.create(config)) {
            writer.addService(NewService.of("api", LocalizedText.of("en", "API")));
            // heard[kind][version] = nanoTime when that listener got it
            String[] kinds = {"snapshot, same node", "change, same node", "snapshot, other node", "change, other node"};
            @SuppressWarnings("unchecked")
            ConcurrentHashMap<Long, Long>[] heard = new ConcurrentHashMap[kinds.length];
            for (int i = 0; i < kinds.length; i++) {
                heard[i] = new ConcurrentHashMap<>();
            }
            CountDownLatch done = new CountDownLatch(kinds.length);
            long base = writer.snapshot().version();
            long last = base + writes;
            writer.subscribe(s -> record(heard[0], s.version(), last, done));
            writer.subscribeChanges(c -> c.changes().forEach(e -> record(heard[1], e.version(), last, done)));
            other.subscribe(s -> record(heard[2], s.version(), last, done));
            other.subscribeChanges(c -> c.changes().forEach(e -> record(heard[3], e.version(), last, done)));
            Thread.sleep(500);

            long[] returned = new long[writes];
            long[] versions = new long[writes];
            Status[] cycle = {Status.DEGRADED, Status.OPERATIONAL};
            for (int i = 0; i < writes; i++) {
                versions[i] = writer.setStatus("api", cycle[i % 2], null).version();
                returned[i] = System.nanoTime();
                Thread.sleep(5);
            }
            if (!done.await(30, TimeUnit.SECONDS)) {
                System.out.println("not every listener reached version " + last);
            }
            System.out.printf("%d writes, 5 ms apart; delay from the write returning to the listener (ms)%n", writes);
            for (int k = 0; k < kinds.length; k++) {
                double[] delays = new double[writes];
                int missed = 0;
                for (int i = 0; i < writes; i++) {
                    Long at = heard[k].get(versions[i]);
                    if (at == null) {
                        missed++;
                        delays[i] = Double.NaN;
                    } else {
                        delays[i] = Math.max(0, at - returned[i]) / 1e6;
                    }
                }
                double[] seen = Arrays.stream(delays).filter(d -> !Double.isNaN(d)).sorted().toArray();
                System.out.printf("%-22s p50 %6.2f  p99 %6.2f  max %6.2f  versions not seen %d%n", kinds[k],
                        pct(seen, 0.50), pct(seen, 0.99), seen.length == 0 ? Double.NaN : seen[seen.length - 1], missed);
            }
        }
        System.exit(0);
    }

    private static void record(ConcurrentHashMap<Long, Long> heard, long version, long last, CountDownLatch done) {
        heard.putIfAbsent(version, System.nanoTime());
        if (version == last) {
            done.countDown();
        }
    }

    private static double pct(double[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
