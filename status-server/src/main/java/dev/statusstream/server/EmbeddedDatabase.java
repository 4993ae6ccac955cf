package dev.statusstream.server;

import dev.statusstream.UnavailableException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-setup default: a real PostgreSQL run by this process in {@code <data dir>/postgres}, kept
 * across restarts, for when no {@code STATUS_DATABASE_URL} is given.
 */
final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedDatabase start(Path dataDirectory) {
        Path directory = dataDirectory.resolve("postgres").toAbsolutePath();
        try {
            Files.createDirectories(directory.getParent());
            log.info("starting the embedded PostgreSQL in {} (set STATUS_DATABASE_URL to use your own)", directory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    // Main's shutdown hook stops it last, after the streams have ended and the library closed
                    .setRegisterShutdownHook(false)
                    .start();
            return new EmbeddedDatabase(postgres);
        } catch (IOException | RuntimeException e) {
            String reason = String.valueOf(e.getMessage());
            if (reason.contains("could not lock")) {
                reason = "another status-server is using it (stop that one, or give this one its own STATUS_DATA_DIR)";
            }
            throw new UnavailableException("cannot start the embedded PostgreSQL in " + directory + ": " + reason, e);
        }
    }

    /** A JDBC URL with credentials for this machine's processes (the CLI). */
    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("stopping the embedded PostgreSQL: {}", e.getMessage());
        }
    }
}
