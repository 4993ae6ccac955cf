package dev.statusstream.server.branding;

import dev.statusstream.LogoImage;
import dev.statusstream.ValidationException;
import dev.statusstream.internal.GuardedHttp;
import dev.statusstream.internal.TargetAddresses;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Fetches a logo from a URL once, for the page to keep and serve from its own origin (a page that
 * hot-linked it would tell a third party about every reader). It goes through the same guarded client as
 * webhooks ({@link GuardedHttp}: the host is resolved and checked when the connection is opened, so no
 * loopback, private or metadata address is reached unless private targets are allowed, even by a name
 * that changes its answer), redirects are not followed (they could lead anywhere), the whole exchange has
 * {@link #TIMEOUT}, at most {@link LogoImage#MAX_BYTES} bytes are read, and the image is then checked and
 * cleaned exactly like an upload. Every failure is a {@link ValidationException} naming {@code logoUrl}.
 * Thread-safe; {@link #close} stops its client.
 */
public final class LogoFetcher implements AutoCloseable {
    /** The longest a logo's server may take, body included. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String FIELD = "logoUrl";

    private final Duration timeout;
    private final GuardedHttp client;

    /**
     * @param targets the outbound guard
     * @param timeout the bound on the whole exchange
     */
    public LogoFetcher(TargetAddresses targets, Duration timeout) {
        this.timeout = timeout;
        this.client = GuardedHttp.of("logo", targets, "StatusStream-logo", timeout);
    }

    /** The image at {@code url}, checked and cleaned. */
    public LogoImage fetch(String url) {
        URI uri = TargetAddresses.parse(FIELD, url);
        GuardedHttp.Answer answer;
        try {
            answer = client.exchange(uri, timeout, LogoImage.MAX_BYTES,
                    request -> request.headers(h -> h.put(HttpHeader.ACCEPT, "image/svg+xml, image/png")));
        } catch (GuardedHttp.Failure e) {
            throw new ValidationException(FIELD, switch (e.outcome()) {
                case REFUSED -> e.getMessage();
                case NO_ANSWER, NO_CONNECTION -> "no answer from " + uri.getHost() + " within " + timeout.toMillis() + " ms";
                case CONNECTION_REFUSED -> uri.getHost() + " refused the connection";
                case FAILED -> "could not fetch it from " + uri.getHost() + " (" + e.getMessage() + ")";
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ValidationException(FIELD, "interrupted while fetching it");
        }
        return image(uri, answer);
    }

    /**
     * The image in the answer. Its type is the one the server names when that is SVG or PNG, else the
     * URL's ending or the PNG signature decides.
     */
    private static LogoImage image(URI uri, GuardedHttp.Answer answer) {
        int code = answer.status();
        if (code >= 300 && code < 400) {
            throw new ValidationException(FIELD, uri.getHost() + " answered " + code + " (a redirect, not followed): give the image's own address");
        }
        if (code != 200) {
            throw new ValidationException(FIELD, uri.getHost() + " answered " + code + ", not 200");
        }
        if (answer.truncated()) {
            throw new ValidationException(FIELD, "the image is larger than " + LogoImage.MAX_BYTES / 1024 + " KB");
        }
        String type = answer.headers().get(HttpHeader.CONTENT_TYPE);
        type = type == null ? "" : type.toLowerCase(Locale.ROOT);
        try {
            if (type.startsWith(LogoImage.PNG) || type.startsWith(LogoImage.SVG)) {
                return new LogoImage(type.startsWith(LogoImage.PNG) ? LogoImage.PNG : LogoImage.SVG, answer.body());
            }
            return LogoImage.fromFile(uri.getPath() == null ? "" : uri.getPath(), answer.body());
        } catch (ValidationException e) {
            throw new ValidationException(FIELD, e.reason());
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
