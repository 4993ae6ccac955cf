package dev.statusstream.server.security;

import dev.statusstream.server.api.HttpError;
import dev.statusstream.server.api.RequestLog;
import dev.statusstream.server.stream.StreamStats;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Collections;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.slf4j.LoggerFactory;

/**
 * The before-handler in front of the stream: applies the {@link OriginPolicy}, answers 403 to a
 * rejected request, and adds {@code Access-Control-Allow-Origin} plus {@code Vary: Origin} only for an
 * allowed cross-origin request. Never {@code *}, never credentials.
 */
public final class OriginCheck implements Handler {
    private static final HttpField VARY_ORIGIN = new PreEncodedHttpField(HttpHeader.VARY, "Origin");

    private final OriginPolicy policy;
    private final StreamStats stats;
    private final RequestLog log = new RequestLog(LoggerFactory.getLogger(OriginCheck.class));

    public OriginCheck(OriginPolicy policy, StreamStats stats) {
        this.policy = policy;
        this.stats = stats;
    }

    @Override
    public void handle(Context ctx) {
        var origins = Collections.list(ctx.req().getHeaders("Origin"));
        String origin = origins.isEmpty() ? null : origins.get(0);
        OriginPolicy.Decision decision = origins.size() > 1 ? OriginPolicy.Decision.REJECT
                : policy.decide(origin, ctx.header("Sec-Fetch-Site"));
        if (!decision.allowed()) {
            stats.rejectedOrigin();
            // both headers are the client's words: escaped, cut short and throttled by the RequestLog
            log.info("origin refusal", "rejected a stream from {} with Origin \"{}\" and Sec-Fetch-Site \"{}\"", ctx.ip(),
                    origin, ctx.header("Sec-Fetch-Site"));
            throw new HttpError(403, "this origin may not open the status stream", "Origin");
        }
        if (decision == OriginPolicy.Decision.ALLOW_CROSS_ORIGIN) {
            // both only when an allowed Origin is present (not on a 403, not without Origin)
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Vary", "Origin");
        }
    }

    /**
     * The same decision for a Jetty handler in front of the servlets: the headers an allowed request's
     * reply carries (none for the same origin), or null for a request this check refuses, which is
     * neither counted nor logged here: the handler passes it to the route, behind this check.
     */
    public List<HttpField> allowed(Request request) {
        HttpFields headers = request.getHeaders();
        List<String> origins = headers.getValuesList(HttpHeader.ORIGIN);
        if (origins.size() > 1) {
            return null;
        }
        String origin = origins.isEmpty() ? null : origins.get(0);
        return switch (policy.decide(origin, headers.get("Sec-Fetch-Site"))) {
            case ALLOW_SAME_ORIGIN -> List.of();
            case ALLOW_CROSS_ORIGIN -> List.of(new HttpField(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin), VARY_ORIGIN);
            case REJECT -> null;
        };
    }
}
