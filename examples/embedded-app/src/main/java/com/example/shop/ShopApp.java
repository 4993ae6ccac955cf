package com.example.shop;

import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.StatusException;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.UnavailableException;
import dev.statusstream.server.StatusRoutes;
import io.javalin.Javalin;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shop that embeds StatusStream: its own pages and deploy hook, and a live status page under
 * {@code /status}. It uses only StatusStream's public API, as any application would.
 *
 * <pre>
 * DATABASE_URL=postgres://postgres@127.0.0.1:5432/shop REDIS_URL=redis://127.0.0.1:6379 \
 *   PUBLIC_URL=https://shop.example.com/status java -jar examples/embedded-app/target/embedded-app.jar
 * curl -X POST localhost:7070/deploy-failed      # the page at localhost:7070/status/ turns red at once
 * </pre>
 */
public final class ShopApp {
    private static final Logger log = LoggerFactory.getLogger(ShopApp.class);

    private ShopApp() {
    }

    /**
     * The shop's web application; not started.
     *
     * @param publicUrl where readers open the status page, for its feeds and Statuspage-compatible API;
     *                  null for the address each request came to
     */
    public static Javalin create(StatusStream status, String publicUrl) {
        status.ensureService(NewService.of("checkout", LocalizedText.of("en", "Checkout")));
        status.subscribeChanges(change -> change.changes().forEach(c ->
                log.info("status change {}: {} {}", c.version(), c.type(), c.subject())));
        return Javalin.create(config -> {
            config.routes.get("/", ctx -> ctx.html("<h1>The shop</h1><p><a href=\"/status/\">Status</a></p>"));
            config.routes.post("/deploy-failed", ctx -> ctx.json(Map.of("version", status.setStatus("checkout",
                    Status.OUTAGE, LocalizedText.of("en", "A deploy failed; rolling back")).version())));
            config.routes.post("/deploy-succeeded", ctx -> ctx.json(Map.of("version",
                    status.setStatus("checkout", Status.OPERATIONAL, null).version())));
            StatusRoutes.mount(config, "/status", status, StatusRoutes.Options.defaults().withSite("Shop status", publicUrl));
        });
    }

    public static void main(String[] args) {
        String database = System.getenv("DATABASE_URL");
        if (database == null) {
            System.err.println("shop: set DATABASE_URL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/shop (REDIS_URL is optional)");
            System.exit(2);
        }
        StatusStream status;
        try {
            status = open(database);
        } catch (StatusException | IllegalStateException e) {
            System.err.println("shop: " + e.getMessage());
            System.exit(1);
            return;
        }
        Javalin app = create(status, System.getenv("PUBLIC_URL")).start(Integer.parseInt(System.getenv().getOrDefault("PORT", "7070")));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            status.close();
        }));
        System.out.println("The shop is at http://localhost:" + app.port() + "/ and its status page at http://localhost:"
                + app.port() + "/status/ (curl -X POST localhost:" + app.port() + "/deploy-failed turns it red)");
    }

    /** The library on {@code database}, created first when the PostgreSQL server does not have it yet. */
    private static StatusStream open(String database) {
        StatusStreamConfig config = StatusStreamConfig.defaults().withDatabaseUrl(database).withRedisUrl(System.getenv("REDIS_URL"));
        try {
            return StatusStream.create(config);
        } catch (UnavailableException e) {
            if (!ShopDatabase.isMissingDatabase(e)) {
                throw e;
            }
            log.info("created the database {}", ShopDatabase.create(database));
            return StatusStream.create(config);
        }
    }
}
