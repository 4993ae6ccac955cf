package dev.statusstream.server.testing;

import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A writer process for crash tests: connects like the CLI does ({@code STATUS_DATABASE_URL},
 * {@code STATUS_REDIS_URL}, {@code STATUS_REDIS_PREFIX}), prints {@code ready}, and on each line
 * {@code <service> <status>} from standard input sets that status and prints {@code returned <version>}.
 * The test kills it wherever it likes.
 */
public final class CrashingWriter {
    private CrashingWriter() {
    }

    public static void main(String[] args) throws Exception {
        var config = StatusStreamConfig.defaults()
                .withDatabaseUrl(System.getenv("STATUS_DATABASE_URL"))
                .withRedisUrl(System.getenv("STATUS_REDIS_URL"))
                .withRedisPrefix(System.getenv("STATUS_REDIS_PREFIX"));
        try (StatusStream status = StatusStream.create(config);
             var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            System.out.println("ready");
            System.out.flush();
            String line;
            while ((line = in.readLine()) != null) {
                String[] parts = line.strip().split(" ");
                long version = status.setStatus(parts[0], Status.parse(parts[1]), null).version();
                System.out.println("returned " + version);
                System.out.flush();
            }
        }
    }
}
