package dev.statusstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.server.testing.FaultLogs;
import dev.statusstream.server.testing.FreePort;
import dev.statusstream.server.testing.PrivateRedis;
import dev.statusstream.testing.TestServices;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CLI started while Redis accepts connections but answers nothing ({@code SIGSTOP}): the kernel
 * completes the TCP handshake, so only a bounded Redis handshake keeps the CLI from waiting for it.
 * The JVM's own start takes seconds on a loaded machine, so the hung run is measured against the same
 * command run with nothing listening on Redis's port (refused at once) just before.
 */
class RedisHungAtStartTest {
    /** The Redis timeout (2 s) and a margin for a busy machine: without the bound, a minute. */
    private static final Duration BOUND = Duration.ofSeconds(5);

    @Test
    void a_cli_write_with_redis_hung_at_start_commits_and_exits_within_five_seconds_of_one_with_redis_refusing()
            throws Exception {
        String database = TestServices.newMigratedDatabase();
        String prefix = TestServices.newRedisPrefix();
        try (PrivateRedis redis = PrivateRedis.start("redis-hung-cli");
                StatusStream reader = StatusStream.create(StatusStreamConfig.defaults().withDatabaseUrl(database))) {
            reader.addService(NewService.of("api", LocalizedText.of("en", "Public API")));

            long start = System.nanoTime();
            var refused = PostgresOutageTest.cliProcess(database, prefix,
                    Map.of("STATUS_REDIS_URL", "redis://127.0.0.1:" + FreePort.pick()), "service", "set", "api", "degraded");
            long baseline = System.nanoTime() - start;
            assertEquals(0, refused.exit(), refused.stderr());
            FaultLogs.figure("Redis refusing at start", "CLI write exits (incl. JVM start)", baseline / 1e6);

            redis.pause();
            start = System.nanoTime();
            var hung = PostgresOutageTest.cliProcess(database, prefix, Map.of("STATUS_REDIS_URL", redis.url()),
                    "service", "set", "api", "outage");
            long took = System.nanoTime() - start;
            FaultLogs.figure("Redis hung (SIGSTOP) at start", "CLI write exits (incl. JVM start)", took / 1e6);

            assertEquals(0, hung.exit(), hung.stderr());
            assertTrue(took - baseline < BOUND.toNanos(),
                    "the CLI took " + took / 1_000_000 + " ms, " + baseline / 1_000_000 + " ms with Redis refusing");
            assertEquals(Status.OUTAGE, reader.service("api").orElseThrow().status(), "the change is committed");
        }
    }
}
