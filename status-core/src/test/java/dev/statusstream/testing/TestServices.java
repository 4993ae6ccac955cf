package dev.statusstream.testing;

import dev.statusstream.store.internal.Database;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where tests find PostgreSQL and Redis, resolved once per JVM:
 * <ol>
 *   <li>{@code STATUS_TEST_DATABASE_URL} (a JDBC URL to a database the tests may create databases from)
 *       and {@code STATUS_TEST_REDIS_URL};</li>
 *   <li>otherwise PostgreSQL on 127.0.0.1:5432 as user {@code postgres} and Redis on 127.0.0.1:6379,
 *       when they answer;</li>
 *   <li>otherwise containers started by Testcontainers, when Docker is available.</li>
 * </ol>
 * Each test gets its own database ({@link #newDatabase()} empty, {@link #newMigratedDatabase()} with the schema
 * in place) and Redis key prefix ({@link #newRedisPrefix()}),
 * so test classes and concurrent builds do not see each other's data or messages.
 */
public final class TestServices {
    private static String adminUrl;
    private static String redisUrl;
    private static final List<String> created = new ArrayList<>();
    /** A database migrated once per JVM, copied by {@link #newMigratedDatabase()}; null until first asked for. */
    private static String template;

    private TestServices() {
    }

    /**
     * Waits until a follower listens for the library's change notifications on {@code databaseUrl}:
     * following starts {@code LISTEN} on its own thread, so a commit made at once could go unheard.
     */
    public static void awaitListening(String databaseUrl) {
        Waiting.until(Duration.ofSeconds(5), "a follower listening on " + databaseUrl.replaceAll("\\?.*", ""), () -> {
            try (Connection c = DriverManager.getConnection(databaseUrl);
                 var rs = c.createStatement().executeQuery("select count(*) from pg_stat_activity "
                         + "where datname = current_database() and query = 'LISTEN statusstream_changes'")) {
                rs.next();
                return rs.getInt(1) > 0;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot ask " + databaseUrl.replaceAll("\\?.*", "") + " who listens", e);
            }
        });
    }

    /** A JDBC URL (with credentials) to a new, empty database. */
    public static synchronized String newDatabase() {
        return withDatabase(adminUrl(), create(""));
    }

    /**
     * A JDBC URL (with credentials) to a new database whose schema is already up to date: a copy
     * ({@code CREATE DATABASE ... TEMPLATE}) of one database this JVM migrated with the library's own
     * migrations, which is much cheaper than migrating each new database. The library still runs its
     * migrations on start and finds nothing to do; tests of migrating an empty database use
     * {@link #newDatabase()}.
     */
    public static synchronized String newMigratedDatabase() {
        if (template == null) {
            String name = create("");
            var source = new PGSimpleDataSource();
            source.setUrl(withDatabase(adminUrl(), name));
            new Database(source, Duration.ofSeconds(30), false, Clock.systemUTC(), null).migrate();
            template = name;
        }
        return withDatabase(adminUrl(), create(" template " + template));
    }

    /** Creates a database ({@code clause} may name a template) and returns its name. */
    private static String create(String clause) {
        String admin = adminUrl();
        // the creation time in the name lets a later run drop what a killed run left behind
        String name = "ss_test_" + Instant.now().getEpochSecond() + "_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
            st.execute("create database " + name + clause);
            if (created.isEmpty()) {
                dropAbandoned(st);
                Runtime.getRuntime().addShutdownHook(new Thread(TestServices::dropCreated));
            }
            created.add(name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database through " + admin + ": " + e.getMessage(), e);
        }
        return name;
    }

    /** Drops test databases older than a day: left by runs that were killed before their shutdown hook. */
    private static void dropAbandoned(Statement st) throws SQLException {
        long cutoff = Instant.now().minus(Duration.ofDays(1)).getEpochSecond();
        List<String> abandoned = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("select datname from pg_database where datname ~ '^ss_test_[0-9]+_'")) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (Long.parseLong(name.split("_")[2]) < cutoff) {
                    abandoned.add(name);
                }
            }
        }
        for (String name : abandoned) {
            st.execute("drop database if exists " + name + " with (force)");
        }
    }

    private static synchronized void dropCreated() {
        try (Connection c = DriverManager.getConnection(adminUrl); Statement st = c.createStatement()) {
            // a JVM being shut down gets little time: each drop gets a bounded wait
            st.setQueryTimeout(5);
            for (String name : created) {
                st.execute("drop database if exists " + name + " with (force)");
            }
        } catch (SQLException e) {
            System.err.println("could not drop test databases " + created + ": " + e.getMessage());
        }
    }

    /** A Redis URL. */
    public static synchronized String redisUrl() {
        if (redisUrl == null) {
            redisUrl = resolveRedis();
        }
        return redisUrl;
    }

    /** A key prefix no other test uses. */
    public static String newRedisPrefix() {
        return "sstest-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static synchronized String adminUrl() {
        if (adminUrl == null) {
            adminUrl = resolvePostgres();
        }
        return adminUrl;
    }

    private static String resolvePostgres() {
        String env = System.getenv("STATUS_TEST_DATABASE_URL");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        if (answers("127.0.0.1", 5432)) {
            return "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
        }
        if (Containers.dockerAvailable()) {
            return Containers.postgres();
        }
        throw new IllegalStateException("No PostgreSQL for the tests: set STATUS_TEST_DATABASE_URL "
                + "(e.g. jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres), run PostgreSQL on 127.0.0.1:5432, "
                + "or install Docker so Testcontainers can start one");
    }

    private static String resolveRedis() {
        String env = System.getenv("STATUS_TEST_REDIS_URL");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        if (answers("127.0.0.1", 6379)) {
            return "redis://127.0.0.1:6379";
        }
        if (Containers.dockerAvailable()) {
            return Containers.redis();
        }
        throw new IllegalStateException("No Redis for the tests: set STATUS_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379), "
                + "run Redis on 127.0.0.1:6379, or install Docker so Testcontainers can start one");
    }

    /** The admin URL pointed at another database on the same server. */
    static String withDatabase(String jdbcUrl, String database) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
        return "jdbc:postgresql://" + uri.getHost() + port + "/" + database.toLowerCase(Locale.ROOT) + query;
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
