package dev.statusstream.server.api;

import dev.statusstream.StatusStream;
import io.javalin.http.Context;

/** {@code GET /api/status}: the current snapshot (SPEC section 2). Public, CORS {@code *} without credentials. */
public final class StatusApi {
    private final StatusStream status;

    public StatusApi(StatusStream status) {
        this.status = status;
    }

    public void snapshot(Context ctx) {
        ctx.header("Access-Control-Allow-Origin", "*")
                .header("Cache-Control", "no-cache")
                .contentType("application/json")
                .result(status.snapshot().toJson());
    }
}
