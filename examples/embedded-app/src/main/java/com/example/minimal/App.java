package com.example.minimal;

import dev.statusstream.*;
import dev.statusstream.server.StatusRoutes;
import io.javalin.Javalin;

public class App {
    public static void main(String[] args) {
        StatusStream status = StatusStream.create(StatusStreamConfig.defaults()
                .withDatabaseUrl("postgres://postgres@127.0.0.1:5432/shop")
                .withRedisUrl("redis://127.0.0.1:6379")); // optional: leave it out for a single node
        status.ensureService(NewService.of("checkout", LocalizedText.of("en", "Checkout")));
        Javalin.create(config -> {
            config.routes.get("/", ctx -> ctx.result("my shop"));
            config.routes.post("/deploy-failed", ctx -> status.setStatus("checkout", Status.OUTAGE,
                    LocalizedText.of("en", "A deploy failed; rolling back")));
            StatusRoutes.mount(config, "/status", status);
        }).start(7070);
    }
}
