package dev.statusstream.server.branding;

import dev.statusstream.LogoImage;
import dev.statusstream.ValidationException;
import dev.statusstream.internal.TargetAddresses;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches a logo from a URL once, for the page to keep and serve from its own origin (a page that
 * hot-linked it would tell a third party about every reader). The URL passes the outbound guard
 * ({@link TargetAddresses}: no loopback, private or metadata address unless private targets are allowed),
 * redirects are not followed (they could lead anywhere), the whole exchange has {@link #TIMEOUT}, at most
 * {@link LogoImage#MAX_BYTES} bytes are read, and the image is then checked and cleaned exactly like an
 * upload. Every failure is a {@link ValidationException} naming {@code logoUrl}. Thread-safe.
 */
public final class LogoFetcher {
    /** The longest a logo's server may take, body included. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String FIELD = "logoUrl";

    private final TargetAddresses targets;
    private final Duration timeout;
    private final HttpClient client;

    /**
     * @param targets the outbound guard
     * @param timeout the bound on the whole exchange
     */
    public LogoFetcher(TargetAddresses targets, Duration timeout) {
        this.targets = targets;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The image at {@code url}, checked and cleaned. */
    public LogoImage fetch(String url) {
        URI uri = TargetAddresses.parse(FIELD, url);
        targets.check(FIELD, url);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "StatusStream-logo")
                .header("Accept", "image/svg+xml, image/png").GET().build();
        CompletableFuture<LogoImage> exchange = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(response -> read(uri, response));
        try {
            return exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new ValidationException(FIELD, "no answer from " + uri.getHost() + " within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new ValidationException(FIELD, "interrupted while fetching it");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof ValidationException refused) {
                throw refused;
            }
            if (cause instanceof HttpTimeoutException) {
                throw new ValidationException(FIELD, "no answer from " + uri.getHost() + " within " + timeout.toMillis() + " ms");
            }
            throw new ValidationException(FIELD, "could not fetch it from " + uri.getHost() + " (" + cause.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The image in the answer: at most one byte more than a logo may have is read. Its type is the one the
     * server names when that is SVG or PNG, else the URL's ending or the PNG signature decides.
     */
    private static LogoImage read(URI uri, HttpResponse<InputStream> response) {
        byte[] bytes;
        try (InputStream body = response.body()) {
            int code = response.statusCode();
            if (code >= 300 && code < 400) {
                throw new ValidationException(FIELD, uri.getHost() + " answered " + code + " (a redirect, not followed): give the image's own address");
            }
            if (code != 200) {
                throw new ValidationException(FIELD, uri.getHost() + " answered " + code + ", not 200");
            }
            bytes = body.readNBytes(LogoImage.MAX_BYTES + 1);
        } catch (IOException e) {
            throw new ValidationException(FIELD, "the connection to " + uri.getHost() + " failed while reading (" + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > LogoImage.MAX_BYTES) {
            throw new ValidationException(FIELD, "the image is larger than " + LogoImage.MAX_BYTES / 1024 + " KB");
        }
        String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        try {
            if (type.startsWith(LogoImage.PNG) || type.startsWith(LogoImage.SVG)) {
                return new LogoImage(type.startsWith(LogoImage.PNG) ? LogoImage.PNG : LogoImage.SVG, bytes);
            }
            return LogoImage.fromFile(uri.getPath() == null ? "" : uri.getPath(), bytes);
        } catch (ValidationException e) {
            throw new ValidationException(FIELD, e.reason());
        }
    }
}
