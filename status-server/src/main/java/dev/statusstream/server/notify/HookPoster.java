package dev.statusstream.server.notify;

import dev.statusstream.DeliveryOutcome;
import dev.statusstream.ValidationException;
import dev.statusstream.internal.TargetAddresses;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Posts one JSON body to a subscriber's URL and says how it went: the URL's addresses are checked again
 * right before (DNS can change after the subscriber was added), redirects are not followed (they could
 * lead anywhere), and the whole exchange, body included, has {@link #TIMEOUT}. Any 2xx is delivered;
 * anything else is retried, after {@code Retry-After} when the receiver sends one. Thread-safe; one HTTP
 * client (and its connection pool) for every hook.
 */
final class HookPoster {
    /** The longest a receiver may take to answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final TargetAddresses targets;
    private final String userAgent;

    HookPoster(TargetAddresses targets, String userAgent) {
        this.targets = targets;
        this.userAgent = userAgent;
    }

    DeliveryOutcome post(String url, String body, Map<String, String> headers) {
        try {
            targets.check("url", url);
        } catch (ValidationException e) {
            return DeliveryOutcome.retry("refused: " + e.reason());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        CompletableFuture<HttpResponse<Void>> exchange = client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
        HttpResponse<Void> response;
        try {
            response = exchange.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return DeliveryOutcome.retry("no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return DeliveryOutcome.retry("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return DeliveryOutcome.retry("no answer within " + TIMEOUT.toSeconds() + " s");
            }
            return DeliveryOutcome.retry(cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
        int code = response.statusCode();
        if (code >= 200 && code < 300) {
            return DeliveryOutcome.delivered();
        }
        Duration after = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
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
}
