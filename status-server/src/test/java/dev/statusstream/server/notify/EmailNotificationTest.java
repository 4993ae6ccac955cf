package dev.statusstream.server.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.statusstream.IncidentState;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.server.testing.FreePort;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import dev.statusstream.testing.Waiting;
import jakarta.mail.Address;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Notifications by mail, through the delivery worker, to a real SMTP server (GreenMail on a fixed port,
 * so that it can be stopped and started again): only confirmed subscribers, only for what they follow,
 * with the delivery's own Message-ID, retried while the mail server is away.
 */
class EmailNotificationTest {
    private static final int PORT = FreePort.pick();
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.port(PORT))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
            .withPerMethodLifecycle(false);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern CONFIRM = Pattern.compile("(/subscriptions/confirm/[^\\s?]+)");
    private static final AtomicInteger CLIENTS = new AtomicInteger(1);

    private static String database;
    private static TestNode node;

    @BeforeAll
    static void start() {
        database = TestServices.newMigratedDatabase();
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", database, "STATUS_SMTP_URL", "smtp://127.0.0.1:" + PORT,
                "STATUS_MAIL_FROM", "status@acme.test", "STATUS_PAGE_NAME", "Acme Status", "STATUS_TRUSTED_PROXIES", "127.0.0.1",
                "STATUS_DELIVERY_FIRST_RETRY", "200ms"));
        node.status().addService(NewService.of("api", LocalizedText.of("en", "Public API")));
        node.status().addService(NewService.of("web", LocalizedText.of("en", "Website")));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static List<MimeMessage> to(String address) {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : SMTP.getReceivedMessages()) {
            try {
                for (Address a : m.getAllRecipients()) {
                    if (a.toString().equalsIgnoreCase(address)) {
                        found.add(m);
                    }
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return found;
    }

    private static String text(MimeMessage mail) throws Exception {
        return (String) ((Multipart) mail.getContent()).getBodyPart(0).getContent();
    }

    private static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(node.url(path))).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", contentType).header("X-Forwarded-For", "203.0.113." + CLIENTS.getAndIncrement()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Subscribes {@code address} over HTTP and, when {@code confirm}, follows its mail's link. */
    private static void subscribe(String address, String services, String language, boolean confirm) throws Exception {
        assertEquals(202, post("/api/subscriptions", "application/json",
                "{\"email\":\"" + address + "\",\"services\":" + services + ",\"language\":\"" + language + "\"}").statusCode());
        Waiting.until(WAIT, "the confirmation to " + address, () -> to(address).size() == 1);
        if (confirm) {
            Matcher m = CONFIRM.matcher(text(to(address).getFirst()));
            assertTrue(m.find());
            assertEquals(200, post(m.group(1), "application/x-www-form-urlencoded", "").statusCode());
        }
    }

    private static String deliveryId(String address) throws Exception {
        try (var c = DriverManager.getConnection(database); var s = c.prepareStatement("""
                select cast(d.id as text) from statusstream_deliveries d join statusstream_subscribers s on s.id = d.subscriber_id
                where lower(s.target) = lower(?) order by d.created_at desc limit 1""")) {
            s.setString(1, address);
            try (var rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static String state(String deliveryId) {
        try (var c = DriverManager.getConnection(database);
                var s = c.prepareStatement("select state from statusstream_deliveries where id = cast(? as uuid)")) {
            s.setString(1, deliveryId);
            try (var rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static int attempts(String deliveryId) throws Exception {
        try (var c = DriverManager.getConnection(database);
                var s = c.prepareStatement("select attempts from statusstream_deliveries where id = cast(? as uuid)")) {
            s.setString(1, deliveryId);
            try (var rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        }
    }

    @Test
    void an_incident_reaches_confirmed_subscribers_who_follow_it_in_their_language_and_no_one_else() throws Exception {
        subscribe("api-reader@example.org", "[\"api\"]", "en", true);
        subscribe("web-reader@example.org", "[\"web\"]", "en", true);
        subscribe("ja-reader@example.org", "[]", "ja", true);
        subscribe("unconfirmed@example.org", "[]", "en", false);

        var opened = node.status().openIncident(NewIncident.incident(LocalizedText.of("en", "API latency"), Status.DEGRADED,
                List.of("api"), LocalizedText.of("en", "Requests are slow; we are looking into it.")));
        Waiting.until(WAIT, "the incident's mails", () -> to("api-reader@example.org").size() == 2
                && to("ja-reader@example.org").size() == 2);

        MimeMessage mail = to("api-reader@example.org").get(1);
        assertEquals("[Acme Status] Incident: API latency", mail.getSubject());
        String text = text(mail);
        assertTrue(text.contains("Requests are slow; we are looking into it."), text);
        assertTrue(text.contains("Affects: Public API"), text);
        assertTrue(text.contains("/incidents/" + opened.value().slug()), text);
        assertEquals("<" + deliveryId("api-reader@example.org") + "@acme.test>", mail.getMessageID());
        assertEquals("List-Unsubscribe=One-Click", mail.getHeader("List-Unsubscribe-Post", null));
        assertTrue(mail.getHeader("List-Unsubscribe", null).contains("/subscriptions/unsubscribe/"));

        MimeMessage ja = to("ja-reader@example.org").get(1);
        assertEquals("[Acme Status] 障害: API latency", ja.getSubject(), "the fixed words in the subscriber's language");
        assertTrue(text(ja).contains("影響範囲: Public API"), text(ja));

        // one more change, so that anything late for the others would be here by the time it arrives
        node.status().updateIncident(opened.value().slug(), IncidentState.IDENTIFIED, LocalizedText.of("en", "Found it"));
        Waiting.until(WAIT, "the update's mail", () -> to("api-reader@example.org").size() == 3);
        assertEquals(1, to("web-reader@example.org").size(), "an incident on api is not for a web-only subscriber");
        assertEquals(1, to("unconfirmed@example.org").size(), "nothing but the confirmation before confirming");
    }

    @Test
    void a_node_with_a_delivery_concurrency_of_0_serves_the_page_and_leaves_the_mail_to_the_other_node() throws Exception {
        long sentBefore = node.status().deliveryStats().sent();
        try (TestNode streamsOnly = TestNode.start(Map.of("STATUS_DATABASE_URL", database, "STATUS_SMTP_URL", "smtp://127.0.0.1:" + PORT,
                "STATUS_MAIL_FROM", "status@acme.test", "STATUS_TRUSTED_PROXIES", "127.0.0.1", "STATUS_DELIVERY_CONCURRENCY", "0"))) {
            HttpResponse<String> subscribed = HTTP.send(HttpRequest.newBuilder(URI.create(streamsOnly.url("/api/subscriptions")))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"via-quiet-node@example.org\",\"services\":[]}"))
                    .header("Content-Type", "application/json").header("X-Forwarded-For", "203.0.113." + CLIENTS.getAndIncrement())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, subscribed.statusCode(), subscribed.body());
            Waiting.until(WAIT, "the confirmation, sent by the node that delivers", () -> to("via-quiet-node@example.org").size() == 1);
            Waiting.until(WAIT, "the sent count", () -> node.status().deliveryStats().sent() > sentBefore);
            assertEquals(0, streamsOnly.status().deliveryStats().sent(), "the node with a concurrency of 0 sent nothing");
        }
    }

    @Test
    void while_the_mail_server_is_away_mail_waits_and_then_arrives_once_with_the_deliverys_message_id() throws Exception {
        subscribe("patient@example.org", "[\"web\"]", "en", true);
        SMTP.stop();
        try {
            node.status().setStatus("web", Status.DEGRADED, LocalizedText.of("en", "Slow pages"));
            node.status().openIncident(NewIncident.incident(LocalizedText.of("en", "Website down"), Status.OUTAGE, List.of("web"),
                    LocalizedText.of("en", "Investigating")));
            Waiting.until(WAIT, "two failed tries", () -> {
                try {
                    String id = deliveryId("patient@example.org");
                    return id != null && attempts(id) >= 2;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        } finally {
            SMTP.start();
        }
        // a restarted GreenMail starts with an empty mailbox: what arrives now was sent after it came back
        Waiting.until(WAIT, "the mail after the server came back", () -> to("patient@example.org").size() == 1);
        MimeMessage mail = to("patient@example.org").getFirst();
        assertEquals("[Acme Status] Incident: Website down", mail.getSubject());
        String id = deliveryId("patient@example.org");
        assertEquals("<" + id + "@acme.test>", mail.getMessageID());
        assertTrue(attempts(id) >= 3, "tried while the server was away, then once more");
        Waiting.until(WAIT, "the delivery marked sent", () -> "sent".equals(state(id)));
        assertEquals(1, to("patient@example.org").size(), "one mail for the delivery, however many tries");
        assertTrue(Arrays.stream(SMTP.getReceivedMessages()).noneMatch(m -> {
            try {
                return m.getSubject().contains("Website:");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }), "a status change without an incident goes only to those who asked for them");
    }
}
