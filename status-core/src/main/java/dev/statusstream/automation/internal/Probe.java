package dev.statusstream.automation.internal;

import dev.statusstream.Monitor;
import dev.statusstream.ValidationException;
import dev.statusstream.internal.TargetAddresses;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Runs one check: an HTTP(S) request or a TCP connection, bounded by the monitor's timeout, to an
 * address the outbound guard allows (checked at every run, so a name that starts resolving to an
 * internal address is refused). Thread-safe.
 */
public final class Probe {
    /** The most of a response body read to look for the expected text. */
    private static final int MAX_BODY = 1 << 20;

    private final TargetAddresses targets;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    public Probe(TargetAddresses targets) {
        this.targets = targets;
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
        } catch (HttpConnectTimeoutException | SocketTimeoutException e) {
            error = "no connection within " + millis(m.timeout());
        } catch (HttpTimeoutException e) {
            error = "no answer within " + millis(m.timeout());
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

    private String http(Monitor m) throws IOException, InterruptedException {
        URI uri = TargetAddresses.parse("http", m.target());
        targets.check("http", m.target());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(m.timeout())
                .header("User-Agent", "StatusStream-check").GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status < m.expectFrom() || status > m.expectTo()) {
                return "HTTP " + status + " (expected " + m.expectFrom() + "-" + m.expectTo() + ")";
            }
            if (m.bodyContains() != null) {
                String text = new String(body.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
                if (!text.contains(m.bodyContains())) {
                    return "HTTP " + status + " without the expected text";
                }
            }
            return null;
        }
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
}
