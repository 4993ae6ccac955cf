package dev.statusstream.internal;

import dev.statusstream.ValidationException;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The one HTTP client StatusStream uses on someone else's behalf (checks, webhooks, chat hooks, a logo
 * fetched from a URL). The URL's host is resolved by the {@link TargetAddresses} guard right when a
 * connection is opened, and the connection goes to exactly the addresses that passed (Jetty's client takes
 * its addresses from our resolver), while the request keeps the URL's host for {@code Host}, TLS's server
 * name and certificate check: a DNS answer that changes between a check and a connect (rebinding) cannot
 * lead a request inside the network. Redirects are never followed (they could lead anywhere), every
 * exchange is bounded in time and in the body bytes kept.
 *
 * <p>Thread-safe. Its threads and connection pool start with the first exchange and stop in {@link #close}.
 */
public final class GuardedHttp implements AutoCloseable {
    /** What an exchange that failed came to. */
    public enum Outcome {
        /** The guard refused the host's address. */
        REFUSED,
        /** The target refused the connection. */
        CONNECTION_REFUSED,
        /** No connection within the connect timeout. */
        NO_CONNECTION,
        /** No complete answer within the exchange's timeout. */
        NO_ANSWER,
        /** Anything else (reset, TLS, malformed answer). */
        FAILED
    }

    /** An exchange that failed; the message is the guard's reason or a short description. */
    public static final class Failure extends Exception {
        private final Outcome outcome;

        Failure(Outcome outcome, String message) {
            super(message, null, false, false);
            this.outcome = outcome;
        }

        /**
         * What it came to.
         *
         * @return the kind of failure
         */
        public Outcome outcome() {
            return outcome;
        }
    }

    /**
     * A response.
     *
     * @param status    its status code
     * @param headers   its headers
     * @param body      at most the bytes asked for
     * @param truncated true when the body had more than that (the rest was not read)
     */
    public record Answer(int status, HttpFields headers, byte[] body, boolean truncated) {
    }

    private final String name;
    private final TargetAddresses targets;
    private final String userAgent;
    private final Duration connectTimeout;
    private final SslContextFactory.Client tls;
    private HttpClient client;
    private boolean closed;

    private GuardedHttp(String name, TargetAddresses targets, String userAgent, Duration connectTimeout,
            SslContextFactory.Client tls) {
        this.name = name;
        this.targets = targets;
        this.userAgent = userAgent;
        this.connectTimeout = connectTimeout;
        this.tls = tls;
    }

    /**
     * A client, started at its first exchange.
     *
     * @param name           names its threads ({@code statusstream-<name>})
     * @param targets        the guard every address a connection goes to must pass
     * @param userAgent      the {@code User-Agent} of every request
     * @param connectTimeout the longest a connection may take to open
     * @return the client
     */
    public static GuardedHttp of(String name, TargetAddresses targets, String userAgent, Duration connectTimeout) {
        return new GuardedHttp(name, targets, userAgent, connectTimeout, new SslContextFactory.Client());
    }

    /**
     * A client that trusts the certificates {@code tls} trusts instead of the JVM's (tests); it still
     * checks that a certificate names the URL's host.
     */
    static GuardedHttp of(String name, TargetAddresses targets, String userAgent, Duration connectTimeout,
            SslContextFactory.Client tls) {
        return new GuardedHttp(name, targets, userAgent, connectTimeout, tls);
    }

    /**
     * Sends one request and waits for its answer.
     *
     * @param uri     an {@code http} or {@code https} URL, already parsed
     * @param timeout bounds the whole exchange, body included
     * @param maxBody the most body bytes kept; more ends the exchange with {@link Answer#truncated()}, and
     *                0 ends it at the headers
     * @param shape   sets the method, headers and body of the request (a GET without any by default)
     * @return the answer, whatever its status
     * @throws Failure              when no answer came, naming why
     * @throws InterruptedException when the waiting thread is interrupted (the exchange is aborted)
     */
    public Answer exchange(URI uri, Duration timeout, int maxBody, Consumer<Request> shape) throws Failure, InterruptedException {
        Request request = started().newRequest(uri).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        shape.accept(request);
        var collector = new Collector(maxBody);
        request.send(collector);
        try {
            return collector.done.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            request.abort(e);
            throw new Failure(Outcome.NO_ANSWER, "no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            request.abort(e);
            throw e;
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    private synchronized HttpClient started() throws Failure {
        if (closed) {
            throw new Failure(Outcome.FAILED, "the " + name + " client is closed");
        }
        if (client != null) {
            return client;
        }
        var threads = new QueuedThreadPool(16, 2);
        threads.setName("statusstream-" + name);
        threads.setDaemon(true);
        var fresh = new HttpClient();
        fresh.setSslContextFactory(tls);
        fresh.setExecutor(threads);
        fresh.setScheduler(new ScheduledExecutorScheduler("statusstream-" + name + "-timer", true));
        fresh.setSocketAddressResolver(new CheckedResolver(targets));
        fresh.setFollowRedirects(false);
        fresh.setConnectTimeout(connectTimeout.toMillis());
        fresh.setIdleTimeout(Duration.ofMinutes(1).toMillis());
        fresh.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, userAgent));
        try {
            fresh.start();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP client for " + name + " did not start: " + e.getMessage(), e);
        }
        client = fresh;
        return client;
    }

    /** Stops the client, closing its connections; a later exchange fails. */
    @Override
    public void close() {
        HttpClient running;
        synchronized (this) {
            closed = true;
            running = client;
            client = null;
        }
        if (running != null) {
            try {
                running.stop();
            } catch (Exception e) {
                // stopping: connections are closed either way
            }
        }
    }

    private static Failure failure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            switch (t) {
                case Refused refused -> {
                    return new Failure(Outcome.REFUSED, refused.getMessage());
                }
                case ConnectException e -> {
                    return new Failure(Outcome.CONNECTION_REFUSED, "connection refused");
                }
                case SocketTimeoutException e -> {
                    return new Failure(Outcome.NO_CONNECTION, "no connection within the connect timeout");
                }
                case TimeoutException e -> {
                    return new Failure(Outcome.NO_ANSWER, "no answer within the timeout");
                }
                default -> {
                }
            }
        }
        return new Failure(Outcome.FAILED,
                failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
    }

    /** Keeps the status, headers and at most {@code maxBody} body bytes; ends the exchange past them. */
    private static final class Collector implements Response.Listener {
        final CompletableFuture<Answer> done = new CompletableFuture<>();
        private final int maxBody;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private boolean truncated;

        Collector(int maxBody) {
            this.maxBody = maxBody;
        }

        @Override
        public void onHeaders(Response response) {
            if (maxBody == 0) {
                response.abort(new EnoughRead());
            }
        }

        @Override
        public void onContent(Response response, ByteBuffer content) {
            int room = maxBody - body.size();
            int take = Math.min(room, content.remaining());
            byte[] bytes = new byte[take];
            content.get(bytes);
            body.write(bytes, 0, take);
            if (content.hasRemaining()) {
                truncated = true;
                response.abort(new EnoughRead());
            }
        }

        @Override
        public void onComplete(Result result) {
            if (result.isFailed() && !(result.getFailure() instanceof EnoughRead && result.getResponse() != null)) {
                done.completeExceptionally(result.getFailure());
                return;
            }
            Response response = result.getResponse();
            done.complete(new Answer(response.getStatus(), response.getHeaders(), body.toByteArray(), truncated));
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
                promise.failed(new Refused(e.reason()));
                return;
            }
            promise.succeeded(addresses);
        }
    }

    /** The host resolved to an address the guard refuses. */
    private static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Ends an exchange whose body went past what the caller keeps. */
    private static final class EnoughRead extends Exception {
        EnoughRead() {
            super("the body is longer than asked for", null, false, false);
        }
    }
}
