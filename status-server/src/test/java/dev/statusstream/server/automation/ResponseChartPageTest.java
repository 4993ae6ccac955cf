package dev.statusstream.server.automation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.statusstream.AddMonitor;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewMonitor;
import dev.statusstream.NewService;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import dev.statusstream.testing.Waiting;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page shows a checked service's response-time chart as inline SVG with words, and its uptime from its checks. */
class ResponseChartPageTest {

    @Test
    void a_checked_service_has_an_svg_response_time_chart_with_a_text_alternative_and_uptime_from_its_checks() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        target.createContext("/", exchange -> {
            // every fourth check fails
            exchange.sendResponseHeaders(hits.incrementAndGet() % 4 == 0 ? 503 : 200, -1);
            exchange.close();
        });
        target.start();
        try (TestNode node = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(),
                "STATUS_ALLOW_PRIVATE_TARGETS", "true"))) {
            node.status().follow();
            node.status().addService(NewService.of("api", LocalizedText.of("en", "Public API")));
            node.status().addService(NewService.of("web", LocalizedText.of("en", "Website")));
            node.status().execute(new AddMonitor(NewMonitor.http("api", "http://127.0.0.1:" + target.getAddress().getPort() + "/",
                    Duration.ofSeconds(2))));
            Waiting.until(Duration.ofSeconds(30), "four checks ran", () -> hits.get() >= 4);
            // the page is drawn once per version: a change draws it again with the checks so far
            long version = node.status().setStatus("web", dev.statusstream.Status.OPERATIONAL, LocalizedText.of("en", "Fine")).version();
            node.awaitVersion(version);
            String page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.url("/"))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();

            int api = page.indexOf("data-id=\"api\"");
            int web = page.indexOf("data-id=\"web\"");
            String apiPart = page.substring(api, web > api ? web : page.length());
            assertTrue(apiPart.contains("<svg viewBox=\"0 0 230 48\""), apiPart);
            assertTrue(apiPart.contains("role=\"img\" aria-labelledby=\"chart-api-t chart-api-d\""));
            assertTrue(apiPart.contains("<title id=\"chart-api-t\">Public API: response time of its checks over the last 24 hours</title>"));
            assertTrue(Pattern.compile("<desc id=\"chart-api-d\">Mean response time \\d+ ms per hour, on a scale up to \\d+ ms; \\d+ checks, \\d+ failed.</desc>")
                    .matcher(apiPart).find(), apiPart);
            assertTrue(Pattern.compile("<polyline points=\"\\d+,[\\d.]+ \\d+,[\\d.]+\"").matcher(apiPart).find(), "one hour drawn as a dash");
            assertTrue(Pattern.compile("<figcaption>Response time, 24 hours to \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC: mean \\d+ ms \\(\\d+ checks, [1-9]\\d* failed\\)</figcaption>")
                    .matcher(apiPart).find(), apiPart);
            assertTrue(Pattern.compile("\\d+(\\.\\d+)?% of checks succeeded since").matcher(apiPart).find(), apiPart);
            assertFalse(apiPart.contains("100% of checks"), "a failed check counts against the uptime");

            String webPart = page.substring(web);
            assertFalse(webPart.substring(0, webPart.indexOf("</li>")).contains("<svg"), "no chart for a service without checks");
        } finally {
            target.stop(0);
        }
    }
}
