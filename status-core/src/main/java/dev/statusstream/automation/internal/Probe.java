package dev.statusstream.automation.internal;

import dev.statusstream.Monitor;
import dev.statusstream.ValidationException;
import dev.statusstream.internal.GuardedHttp;
import dev.statusstream.internal.TargetAddresses;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Runs one check: an HTTP(S) request or a TCP connection, bounded by the monitor's timeout, to an
 * address the outbound guard allows. The guard resolves the name at every run, when the connection is
 * opened, and the connection goes to the very addresses it allowed (HTTP through {@link GuardedHttp},
 * which keeps the URL's host for {@code Host} and TLS; TCP to the first allowed address), so a name that
 * starts resolving inward, even between a check and a connect, is refused. Thread-safe; {@link #close}
 * stops its HTTP client.
 */
public final class Probe implements AutoCloseable {
    /** The most of a response body read to look for the expected text. */
    private static final int MAX_BODY = 1 << 20;

    private final TargetAddresses targets;
    private final GuardedHttp http;

    public Probe(TargetAddresses targets) {
        this.targets = targets;
        this.http = GuardedHttp.of("checks", targets, "StatusStream-check", Duration.ofSeconds(10));
    }

    /** How a run went. */
    public record Outcome(boolean ok, int latencyMs, String error) {
    }

    /** Runs the check; never throws for what the target does. */
    public Outcome run(Monitor m) {
        long start = System.nanoTime();
        String error;
        try {
            error = m.kind() == Monitor.Kind.HTTP ? http(m) : tcp(m);
        } catch (GuardedHttp.Failure e) {
            error = switch (e.outcome()) {
                case REFUSED -> "refused target: " + e.getMessage();
                case CONNECTION_REFUSED -> "connection refused";
                case NO_CONNECTION -> "no connection within " + millis(m.timeout());
                case NO_ANSWER -> "no answer within " + millis(m.timeout());
                case FAILED -> e.getMessage();
            };
        } catch (SocketTimeoutException e) {
            error = "no connection within " + millis(m.timeout());
        } catch (ConnectException e) {
            error = "connection refused";
        } catch (ValidationException e) {
            error = "refused target: " + e.reason();
        } catch (IOException e) {
            error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        int latency = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - start) / 1_000_000);
        return new Outcome(error == null, latency, error);
    }

    private String http(Monitor m) throws GuardedHttp.Failure, InterruptedException {
        URI uri = TargetAddresses.parse("http", m.target());
        GuardedHttp.Answer answer = http.exchange(uri, m.timeout(), m.bodyContains() == null ? 0 : MAX_BODY, request -> {
        });
        int status = answer.status();
        if (status < m.expectFrom() || status > m.expectTo()) {
            return "HTTP " + status + " (expected " + m.expectFrom() + "-" + m.expectTo() + ")";
        }
        if (m.bodyContains() != null && !new String(answer.body(), StandardCharsets.UTF_8).contains(m.bodyContains())) {
            return "HTTP " + status + " without the expected text";
        }
        return null;
    }

    private String tcp(Monitor m) throws IOException {
        int colon = m.target().lastIndexOf(':');
        String host = m.target().substring(0, colon);
        int port = Integer.parseInt(m.target().substring(colon + 1));
        List<InetAddress> addresses = targets.resolve("tcp", host);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(addresses.getFirst(), port), (int) m.timeout().toMillis());
            return null;
        }
    }

    private static String millis(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    @Override
    public void close() {
        http.close();
    }
}
