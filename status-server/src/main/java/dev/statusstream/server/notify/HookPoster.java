package dev.statusstream.server.notify;

import dev.statusstream.DeliveryOutcome;
import dev.statusstream.ValidationException;
import dev.statusstream.internal.GuardedHttp;
import dev.statusstream.internal.TargetAddresses;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * Posts one JSON body to a subscriber's URL and says how it went, through the guarded client
 * ({@link GuardedHttp}: the address is checked when the connection is opened, redirects are not
 * followed) within {@link #TIMEOUT}. Any 2xx is delivered; anything else is retried, after
 * {@code Retry-After} when the receiver sends one. Thread-safe; one client, and its connection pool,
 * for every hook; closed with the server.
 */
public final class HookPoster implements AutoCloseable {
    /** The longest a receiver may take to answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
    /** What a receiver may answer before the exchange is cut short (the body is read and dropped). */
    private static final int MAX_ANSWER = 64 * 1024;

    private final GuardedHttp client;

    private HookPoster(GuardedHttp client) {
        this.client = client;
    }

    /**
     * A poster.
     *
     * @param targets   the guard every address a connection goes to must pass
     * @param userAgent the {@code User-Agent} of every request
     */
    public static HookPoster start(TargetAddresses targets, String userAgent) {
        return new HookPoster(GuardedHttp.of("hooks", targets, userAgent, TIMEOUT));
    }

    DeliveryOutcome post(String url, String body, Map<String, String> headers) {
        URI uri;
        try {
            uri = TargetAddresses.parse("url", url);
        } catch (ValidationException e) {
            return DeliveryOutcome.retry("refused: " + e.reason());
        }
        GuardedHttp.Answer answer;
        try {
            answer = client.exchange(uri, TIMEOUT, MAX_ANSWER, request -> request.method(HttpMethod.POST)
                    .headers(h -> headers.forEach(h::put))
                    .body(new StringRequestContent("application/json", body, StandardCharsets.UTF_8)));
        } catch (GuardedHttp.Failure e) {
            return DeliveryOutcome.retry(switch (e.outcome()) {
                case REFUSED -> "refused: " + e.getMessage();
                case NO_ANSWER -> "no answer within " + TIMEOUT.toSeconds() + " s";
                default -> e.getMessage();
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryOutcome.retry("interrupted");
        }
        int code = answer.status();
        if (code >= 200 && code < 300) {
            return DeliveryOutcome.delivered();
        }
        Duration after = retryAfter(answer.headers().get(HttpHeader.RETRY_AFTER));
        return after == null ? DeliveryOutcome.retry("HTTP " + code) : DeliveryOutcome.retryAfter(after, "HTTP " + code);
    }

    /** {@code Retry-After} in seconds (the HTTP-date form is rare from hooks and read as absent). */
    static Duration retryAfter(String value) {
        if (value == null || !value.strip().matches("\\d{1,7}")) {
            return null;
        }
        Duration after = Duration.ofSeconds(Long.parseLong(value.strip()));
        return after.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : after;
    }

    @Override
    public void close() {
        client.close();
    }
}
