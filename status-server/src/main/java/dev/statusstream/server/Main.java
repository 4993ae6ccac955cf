package dev.statusstream.server;

import dev.statusstream.EnvironmentSettings;
import dev.statusstream.StatusException;
import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.ValidationException;
import dev.statusstream.server.api.PublicSite;
import io.javalin.util.JavalinBindException;
import dev.statusstream.internal.LocalAdminToken;
import dev.statusstream.internal.LocalConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar status-server.jar}: reads the configuration, starts an embedded PostgreSQL when no
 * database is configured, and serves until SIGTERM, when it ends every stream cleanly. The one place
 * that reads the environment.
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(Usage.TEXT);
            return;
        }
        ServerConfig config;
        try {
            config = ServerConfig.from(System.getenv(), args);
        } catch (ValidationException e) {
            System.err.println("status-server: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        ServerConfig.unknownVariables(System.getenv()).forEach(log::warn);
        ServerConfig.plainHttpWarning(System.getenv(), args).ifPresent(log::warn);
        try {
            run(config);
        } catch (StatusException e) {
            System.err.println("status-server: cannot start: " + e.getMessage());
            System.exit(1);
        } catch (JavalinBindException e) {
            System.err.println("status-server: cannot start: port " + config.port() + " on " + config.host()
                    + " is taken (choose another with STATUS_PORT or --port)");
            System.exit(1);
        } catch (RuntimeException e) {
            System.err.println("status-server: cannot start: " + e.getMessage());
            log.debug("start-up failure", e);
            System.exit(1);
        }
    }

    /**
     * The zero-setup server (embedded database, no token configured) turns the admin API on with a
     * generated token in its data directory, readable only by its owner: whoever can read it could
     * read the embedded database's files anyway, and it lets {@code status --server} work locally.
     */
    private static ServerConfig withLocalAdminToken(ServerConfig config) {
        Path file = config.dataDirectory().resolve(LocalAdminToken.FILE).toAbsolutePath();
        try {
            String token = LocalAdminToken.readOrCreate(config.dataDirectory());
            log.info("admin API on with the generated token in {} (readable only by you; set STATUS_ADMIN_TOKEN to choose your own)",
                    file);
            return config.withAdminTokens(List.of(token));
        } catch (IOException e) {
            log.warn("admin API off: cannot keep a generated token in {}: {}", file, e.getMessage());
            return config;
        }
    }

    /**
     * What the CLI on this machine needs to write exactly as this server does: its address, and every
     * library setting it runs with, including the Redis URL (the file is readable only by its owner,
     * like the database URL and the admin token beside it).
     */
    static LocalConnection localConnection(StatusStreamConfig library, String host, int port) {
        return new LocalConnection(PublicSite.defaultUrl(host, port), EnvironmentSettings.variables(library));
    }

    private static void run(ServerConfig config) {
        StatusStreamConfig library = config.library();
        EmbeddedDatabase embedded = null;
        if (library.databaseUrl() == null) {
            embedded = EmbeddedDatabase.start(config.dataDirectory());
            library = library.withDatabaseUrl(embedded.jdbcUrl());
        }
        if (library.redisUrl() == null) {
            log.info("no STATUS_REDIS_URL: running as a single node (changes from other processes arrive through PostgreSQL)");
        }
        if (embedded != null && !config.adminEnabled()) {
            config = withLocalAdminToken(config);
        }
        if (!config.adminEnabled()) {
            log.info("admin API off (no STATUS_ADMIN_TOKEN); /api/admin/... answers 404");
        }
        StatusStream status = null;
        StatusServer server;
        try {
            // a status page is needed most when things fail: start even while PostgreSQL is away
            status = StatusStream.builder().config(library).requireDatabaseAtStart(false).build();
            server = StatusServer.create(status, config).start();
        } catch (RuntimeException e) {
            // leave nothing running behind a failed start: the embedded PostgreSQL is a child process
            if (status != null) {
                status.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
        if (embedded != null) {
            try {
                localConnection(library, config.host(), server.port()).write(config.dataDirectory());
            } catch (IOException e) {
                log.warn("cannot leave the connection file for the CLI in {}: {}", config.dataDirectory(), e.getMessage());
            }
        }
        EmbeddedDatabase database = embedded;
        StatusStream running = status;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down: ending streams so browsers reconnect elsewhere");
            server.close();
            running.close();
            if (database != null) {
                database.close();
            }
        }, "statusstream-shutdown"));
    }
}
