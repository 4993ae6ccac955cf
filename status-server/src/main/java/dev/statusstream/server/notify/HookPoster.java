package dev.statusstream.server.notify;

import dev.statusstream.DeliveryOutcome;
import dev.statusstream.ValidationException;
import dev.statusstream.internal.TargetAddresses;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * Posts one JSON body to a subscriber's URL and says how it went. The name is resolved and every
 * address checked right when a connection is opened, and the connection goes to exactly the addresses
 * that passed (Jetty's client takes its addresses from our resolver), while the request keeps the URL's
 * host for {@code Host} and TLS: a DNS answer that changes between a check and a connect (rebinding)
 * cannot lead it inside the network. Redirects are not followed (they could lead anywhere), and the
 * whole exchange has {@link #TIMEOUT}. Any 2xx is delivered; anything else is retried, after
 * {@code Retry-After} when the receiver sends one. Thread-safe; one client, and its connection pool,
 * for every hook; closed with the server.
 */
public final class HookPoster implements AutoCloseable {
    /** The longest a receiver may take to answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final HttpClient client;

    private HookPoster(HttpClient client) {
        this.client = client;
    }

    /**
     * A started poster.
     *
     * @param targets   the guard every address a connection goes to must pass
     * @param userAgent the {@code User-Agent} of every request
     */
    public static HookPoster start(TargetAddresses targets, String userAgent) {
        var threads = new QueuedThreadPool(16, 2);
        threads.setName("statusstream-hooks");
        threads.setDaemon(true);
        var client = new HttpClient();
        client.setExecutor(threads);
        client.setScheduler(new ScheduledExecutorScheduler("statusstream-hooks-timer", true));
        client.setSocketAddressResolver(new CheckedResolver(targets));
        client.setFollowRedirects(false);
        client.setConnectTimeout(TIMEOUT.toMillis());
        client.setIdleTimeout(Duration.ofMinutes(1).toMillis());
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, userAgent));
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP client for hooks did not start: " + e.getMessage(), e);
        }
        return new HookPoster(client);
    }

    DeliveryOutcome post(String url, String body, Map<String, String> headers) {
        URI uri;
        try {
            uri = TargetAddresses.parse("url", url);
        } catch (ValidationException e) {
            return DeliveryOutcome.retry("refused: " + e.reason());
        }
        Request request = client.newRequest(uri)
                .method(HttpMethod.POST)
                .timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .headers(h -> headers.forEach(h::put))
                .body(new StringRequestContent("application/json", body, StandardCharsets.UTF_8));
        var done = new CompletableFuture<Result>();
        // no content listener: whatever body the receiver sends is read and dropped
        request.send(done::complete);
        Result result;
        try {
            result = done.get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            request.abort(e);
            return DeliveryOutcome.retry("no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            return DeliveryOutcome.retry("interrupted");
        } catch (ExecutionException e) {
            return DeliveryOutcome.retry(describe(e.getCause()));
        }
        if (result.isFailed()) {
            return DeliveryOutcome.retry(describe(result.getFailure()));
        }
        int code = result.getResponse().getStatus();
        if (code >= 200 && code < 300) {
            return DeliveryOutcome.delivered();
        }
        Duration after = retryAfter(result.getResponse().getHeaders().get(HttpHeader.RETRY_AFTER));
        return after == null ? DeliveryOutcome.retry("HTTP " + code) : DeliveryOutcome.retryAfter(after, "HTTP " + code);
    }

    private static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RefusedAddress refused) {
                return "refused: " + refused.getMessage();
            }
            if (t instanceof TimeoutException) {
                return "no answer within " + TIMEOUT.toSeconds() + " s";
            }
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
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
        try {
            client.stop();
        } catch (Exception e) {
            // stopping: connections are closed either way
        }
    }

    /** Resolves a host with the guard, once per connection, and gives the client only the addresses that passed. */
    private record CheckedResolver(TargetAddresses targets) implements SocketAddressResolver {
        @Override
        public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
            List<InetSocketAddress> addresses;
            try {
                addresses = targets.resolve("url", host).stream().map(a -> new InetSocketAddress(a, port)).toList();
            } catch (ValidationException e) {
                promise.failed(new RefusedAddress(e.reason()));
                return;
            }
            promise.succeeded(addresses);
        }
    }

    /** The host resolved to an address the guard refuses. */
    private static final class RefusedAddress extends Exception {
        RefusedAddress(String message) {
            super(message, null, false, false);
        }
    }
}
