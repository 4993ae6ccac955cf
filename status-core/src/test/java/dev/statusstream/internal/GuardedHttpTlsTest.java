package dev.statusstream.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.statusstream.testing.FakeDns;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTPS through the guard: the connection goes to the address the guard resolved, and TLS still checks
 * the certificate against the URL's host name, as a webhook receiver behind a public name expects.
 */
class GuardedHttpTlsTest {
    private static final String NAME = "hooks.example.test";
    private static final char[] PASSWORD = "test-only".toCharArray();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** What the server saw of each request that reached it: the TLS server name and the Host header. */
    private record Seen(String serverName, String host) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private KeyStore keys;
    private HttpsServer server;

    @BeforeEach
    void start() throws Exception {
        keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = getClass().getResourceAsStream("/tls/" + NAME + ".p12")) {
            keys.load(in, PASSWORD);
        }
        var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        var context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters parameters) {
                parameters.setSSLParameters(context.getDefaultSSLParameters());
            }
        });
        server.createContext("/", exchange -> {
            var session = (ExtendedSSLSession) ((HttpsExchange) exchange).getSSLSession();
            String serverName = session.getRequestedServerNames().stream()
                    .map(name -> ((SNIHostName) name).getAsciiName()).findFirst().orElse(null);
            seen.add(new Seen(serverName, exchange.getRequestHeaders().getFirst("Host")));
            byte[] body = "received".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url(String host) {
        return URI.create("https://" + host + ":" + server.getAddress().getPort() + "/hook");
    }

    /** Trusts exactly the test server's self-signed certificate. */
    private SslContextFactory.Client trustingTheTestCertificate() throws Exception {
        var trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("hooks", keys.getCertificate(keys.aliases().nextElement()));
        var tls = new SslContextFactory.Client();
        tls.setTrustStore(trusted);
        return tls;
    }

    private static TargetAddresses loopbackAs(String name) {
        return new TargetAddresses(true, FakeDns.only(name, FakeDns.LOOPBACK));
    }

    @Test
    void an_https_target_at_the_guards_address_is_verified_against_the_urls_host_name() throws Exception {
        try (var http = GuardedHttp.of("test", loopbackAs(NAME), "StatusStream-test", TIMEOUT, trustingTheTestCertificate())) {
            GuardedHttp.Answer answer = http.exchange(url(NAME), TIMEOUT, 100, request -> { });
            assertEquals(200, answer.status());
            assertEquals("received", new String(answer.body(), StandardCharsets.UTF_8));
        }
        // a name no DNS knows reached 127.0.0.1, and the handshake and Host still carried the name
        assertEquals(List.of(new Seen(NAME, NAME + ":" + server.getAddress().getPort())), seen);
    }

    @Test
    void a_certificate_that_does_not_name_the_urls_host_fails_the_exchange() throws Exception {
        String other = "other.example.test";
        try (var http = GuardedHttp.of("test", loopbackAs(other), "StatusStream-test", TIMEOUT, trustingTheTestCertificate())) {
            var failure = assertThrows(GuardedHttp.Failure.class, () -> http.exchange(url(other), TIMEOUT, 100, request -> { }));
            assertEquals(GuardedHttp.Outcome.FAILED, failure.outcome());
            assertTrue(failure.getMessage().contains("SSL"), failure.getMessage());
        }
        assertEquals(List.of(), seen);
    }

    @Test
    void a_self_signed_certificate_fails_the_exchange_with_the_default_trust() throws Exception {
        try (var http = GuardedHttp.of("test", loopbackAs(NAME), "StatusStream-test", TIMEOUT)) {
            var failure = assertThrows(GuardedHttp.Failure.class, () -> http.exchange(url(NAME), TIMEOUT, 100, request -> { }));
            assertEquals(GuardedHttp.Outcome.FAILED, failure.outcome());
            assertTrue(failure.getMessage().contains("SSL"), failure.getMessage());
        }
        assertEquals(List.of(), seen);
    }
}
