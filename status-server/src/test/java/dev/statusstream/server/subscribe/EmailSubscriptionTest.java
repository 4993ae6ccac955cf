package dev.statusstream.server.subscribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.statusstream.Actor;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.SubscribeByEmail;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import dev.statusstream.testing.Waiting;
import jakarta.mail.Address;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
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
 * Email subscription over real HTTP against a real node, PostgreSQL and SMTP server (GreenMail): the
 * mails are parsed and their links followed.
 */
class EmailSubscriptionTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
            .withPerMethodLifecycle(false);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern LINK = Pattern.compile("https?://[^/\\s]+(/subscriptions/[a-z]+/[^\\s?]+\\?lang=[a-z]+)");
    /** Each test asks from its own client address (the node trusts 127.0.0.1 as a proxy), so limits do not mix. */
    private static final AtomicInteger CLIENTS = new AtomicInteger(1);

    private static String database;
    private static TestNode node;
    private static TestNode noMail;

    @BeforeAll
    static void start() {
        database = TestServices.newMigratedDatabase();
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", database, "STATUS_SMTP_URL",
                "smtp://127.0.0.1:" + SMTP.getSmtp().getPort(), "STATUS_MAIL_FROM", "Acme Status <status@acme.test>",
                "STATUS_PAGE_NAME", "Acme Status", "STATUS_TRUSTED_PROXIES", "127.0.0.1",
                "STATUS_ADMIN_TOKEN", "an-admin-token-for-tests"));
        noMail = TestNode.start(Map.of("STATUS_DATABASE_URL", database));
        node.status().addService(NewService.of("api", LocalizedText.of("en", "Public API")));
        node.status().addService(NewService.of("web", LocalizedText.of("en", "Website")));
    }

    @AfterAll
    static void stop() {
        noMail.close();
        node.close();
    }

    private static String client() {
        return "198.51.100." + CLIENTS.getAndIncrement();
    }

    private static HttpResponse<String> post(String path, String contentType, String body, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(node.url(path))).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", contentType);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> subscribe(String client, String json) throws Exception {
        return post("/api/subscriptions", "application/json", json, "X-Forwarded-For", client);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(node.url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The mails received for {@code address}, once there are {@code count}. */
    private static List<MimeMessage> mailsTo(String address, int count) {
        Waiting.until(WAIT, count + " mails to " + address, () -> to(address).size() >= count);
        return to(address);
    }

    private static List<MimeMessage> to(String address) {
        return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
            try {
                for (Address a : m.getAllRecipients()) {
                    if (a.toString().equalsIgnoreCase(address)) {
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private static String text(MimeMessage mail) throws Exception {
        return (String) ((Multipart) mail.getContent()).getBodyPart(0).getContent();
    }

    /** The path of the mail's {@code action} link (confirm or unsubscribe), on whatever host it names. */
    private static String link(MimeMessage mail, String action) throws Exception {
        Matcher m = LINK.matcher(text(mail));
        while (m.find()) {
            if (m.group(1).startsWith("/subscriptions/" + action + "/")) {
                return m.group(1);
            }
        }
        throw new AssertionError("no " + action + " link in " + text(mail));
    }

    private static String state(String address) throws Exception {
        try (var c = DriverManager.getConnection(database);
                var s = c.prepareStatement("select state from statusstream_subscribers where lower(target) = lower(?)")) {
            s.setString(1, address);
            try (var rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** One column of the (only) delivery to {@code address}. */
    private static String delivery(String address, String column) {
        try (var c = DriverManager.getConnection(database); var s = c.prepareStatement("select " + column
                + " from statusstream_deliveries d join statusstream_subscribers s on s.id = d.subscriber_id where s.target = ?")) {
            s.setString(1, address);
            try (var rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void sql(String statement, String address) throws Exception {
        try (var c = DriverManager.getConnection(database); var s = c.prepareStatement(statement)) {
            s.setString(1, address);
            s.executeUpdate();
        }
    }

    @Test
    void subscribing_confirming_from_the_mail_and_one_click_unsubscribing_work_end_to_end() throws Exception {
        var asked = subscribe(client(), "{\"email\":\"Reader@Example.org\",\"services\":[\"api\"],\"language\":\"en\"}");
        assertEquals(202, asked.statusCode(), asked.body());

        MimeMessage confirmation = mailsTo("Reader@example.org", 1).getFirst();
        assertEquals("Confirm your subscription to Acme Status", confirmation.getSubject());
        assertTrue(text(confirmation).contains("Services: Public API"), text(confirmation));
        assertEquals("pending", state("reader@example.org"));

        // the link's page only shows a button: a mail scanner following it confirms nothing
        String confirm = link(confirmation, "confirm");
        var page = get(confirm);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<form method=\"post\" action=\"" + confirm.substring(0, confirm.indexOf('?')) + "\">"),
                page.body());
        assertEquals("pending", state("reader@example.org"));

        var confirmed = post(confirm.substring(0, confirm.indexOf('?')), "application/x-www-form-urlencoded", "");
        assertEquals(200, confirmed.statusCode());
        assertTrue(confirmed.body().contains("You are subscribed"), confirmed.body());
        assertEquals("active", state("reader@example.org"));
        assertEquals(404, post(confirm.substring(0, confirm.indexOf('?')), "application/x-www-form-urlencoded", "").statusCode(),
                "a confirmation link works once");

        // RFC 8058: the mail client POSTs List-Unsubscribe=One-Click to the List-Unsubscribe address
        String header = confirmation.getHeader("List-Unsubscribe", null);
        assertEquals("List-Unsubscribe=One-Click", confirmation.getHeader("List-Unsubscribe-Post", null));
        String oneClick = URI.create(header.substring(1, header.length() - 1)).getRawPath();
        var gone = post(oneClick, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click");
        assertEquals(200, gone.statusCode(), gone.body());
        assertNull(state("reader@example.org"), "the address is deleted, not just marked");
        assertEquals(200, post(oneClick, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click").statusCode(),
                "a repeated one-click still answers 2xx");
        assertEquals(1, to("reader@example.org").size(), "nothing but the confirmation was sent");
    }

    @Test
    void the_answer_is_the_same_for_a_subscribed_and_an_unknown_address() throws Exception {
        sql("insert into statusstream_subscribers (id, kind, target, language, state, created_at, created_by, token_key, confirmed_at) "
                + "values (gen_random_uuid(), 'email', ?, 'en', 'active', now(), 'subscriber', 'k', now())", "known@example.org");
        var known = subscribe(client(), "{\"email\":\"known@example.org\"}");
        var unknown = subscribe(client(), "{\"email\":\"unknown@example.org\"}");
        assertEquals(202, known.statusCode());
        assertEquals(known.statusCode(), unknown.statusCode());
        assertEquals(known.body(), unknown.body());
        assertEquals(known.headers().map().keySet(), unknown.headers().map().keySet());
        // only the address's owner learns the difference
        assertEquals("You are already subscribed to Acme Status", mailsTo("known@example.org", 1).getFirst().getSubject());
        assertEquals("Confirm your subscription to Acme Status", mailsTo("unknown@example.org", 1).getFirst().getSubject());
        assertEquals("active", state("known@example.org"));
    }

    @Test
    void a_recipient_gets_a_few_mails_an_hour_and_a_client_address_a_few_more_requests_then_429() throws Exception {
        String client = client();
        for (int i = 0; i < 3; i++) {
            assertEquals(202, subscribe(client, "{\"email\":\"often@example.org\"}").statusCode());
            // mails go out after the answer, on their own threads: wait for each, so the last received is the newest
            mailsTo("often@example.org", i + 1);
        }
        var limited = subscribe(client, "{\"email\":\"often@example.org\"}");
        assertEquals(429, limited.statusCode(), limited.body());
        assertEquals(3, mailsTo("often@example.org", 3).size());
        // each new link replaces the last: only the newest confirms
        List<MimeMessage> mails = to("often@example.org");
        String first = link(mails.getFirst(), "confirm");
        String last = link(mails.getLast(), "confirm");
        assertNotEquals(first, last);
        assertEquals(404, post(first.substring(0, first.indexOf('?')), "application/x-www-form-urlencoded", "").statusCode());
        assertEquals(200, post(last.substring(0, last.indexOf('?')), "application/x-www-form-urlencoded", "").statusCode());

        String busy = client();
        for (int i = 0; i < SubscriptionRoutes.PER_CLIENT_PER_HOUR; i++) {
            assertEquals(202, subscribe(busy, "{\"email\":\"many" + i + "@example.org\"}").statusCode());
        }
        var refused = subscribe(busy, "{\"email\":\"one-more@example.org\"}");
        assertEquals(429, refused.statusCode());
        assertTrue(Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow()) > 0);
    }

    @Test
    void the_page_has_a_form_that_works_without_javascript_and_refuses_other_sites() throws Exception {
        String front = get("/").body();
        assertTrue(front.contains("<form class=\"subscribe-form\" method=\"post\" action=\"/subscribe\">"), front);
        assertTrue(front.contains("<input type=\"checkbox\" name=\"services\" value=\"api\""), front);
        assertTrue(front.contains("<label for=\"subscribe-email\">"), front);

        String form = "email=" + URLEncoder.encode("form@example.org", StandardCharsets.UTF_8) + "&services=web&language=ja";
        var elsewhere = post("/subscribe", "application/x-www-form-urlencoded", form, "Sec-Fetch-Site", "cross-site",
                "X-Forwarded-For", client());
        assertEquals(403, elsewhere.statusCode());
        var foreignOrigin = post("/subscribe", "application/x-www-form-urlencoded", form, "Origin", "https://evil.example",
                "X-Forwarded-For", client());
        assertEquals(403, foreignOrigin.statusCode());
        assertNull(state("form@example.org"));

        var sent = post("/subscribe", "application/x-www-form-urlencoded", form, "Sec-Fetch-Site", "same-origin",
                "X-Forwarded-For", client(), "Accept-Language", "en");
        assertEquals(200, sent.statusCode());
        assertTrue(sent.body().contains("Check your mail"), sent.body());
        MimeMessage mail = mailsTo("form@example.org", 1).getFirst();
        assertEquals("Acme Status への登録の確認", mail.getSubject(), "in the language the form was in");
        assertTrue(text(mail).contains("サービス: Website"), text(mail));

        var bad = post("/subscribe", "application/x-www-form-urlencoded", "email=not-an-address", "X-Forwarded-For", client());
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("valid email address"), bad.body());
    }

    @Test
    void bad_input_gets_a_4xx_naming_the_problem() throws Exception {
        var notJson = post("/api/subscriptions", "text/plain", "{\"email\":\"a@example.org\"}", "X-Forwarded-For", client());
        assertEquals(415, notJson.statusCode());
        var badEmail = subscribe(client(), "{\"email\":\"a@b\"}");
        assertEquals(400, badEmail.statusCode());
        assertTrue(badEmail.body().contains("\"field\":\"email\""), badEmail.body());
        var unknownService = subscribe(client(), "{\"email\":\"a@example.org\",\"services\":[\"nope\"]}");
        assertEquals(404, unknownService.statusCode());
        var extra = subscribe(client(), "{\"email\":\"a@example.org\",\"admin\":true}");
        assertEquals(400, extra.statusCode());
        assertEquals(404, get("/subscriptions/confirm/not-a-token").statusCode());
        assertEquals(404, post("/subscriptions/unsubscribe/not-a-token", "application/x-www-form-urlencoded", "").statusCode());
    }

    @Test
    void an_unconfirmed_subscription_expires_and_its_link_dies() throws Exception {
        assertEquals(202, subscribe(client(), "{\"email\":\"late@example.org\"}").statusCode());
        String confirm = link(mailsTo("late@example.org", 1).getFirst(), "confirm");
        sql("update statusstream_subscribers set confirm_sent_at = now() - interval '25 hours', "
                + "created_at = now() - interval '25 hours' where lower(target) = lower(?)", "late@example.org");
        assertEquals(404, post(confirm.substring(0, confirm.indexOf('?')), "application/x-www-form-urlencoded", "").statusCode());
        assertEquals("pending", state("late@example.org"));
        // any later request sweeps what expired
        assertEquals(202, subscribe(client(), "{\"email\":\"other@example.org\"}").statusCode());
        assertNull(state("late@example.org"));
    }

    @Test
    void a_confirmation_asked_of_a_process_that_cannot_send_mail_is_queued_and_sent_by_a_node_that_can() throws Exception {
        // the node without mail settings stands for one that died right after its answer: the request's
        // transaction queued the mail, and the other node sends it, its Message-ID named by the delivery
        noMail.status().execute(new SubscribeByEmail("queued@example.org", List.of("web"), "en"), Actor.subscriber());
        MimeMessage confirmation = mailsTo("queued@example.org", 1).getFirst();
        Waiting.until(WAIT, "the delivery recorded as sent", () -> "sent".equals(delivery("queued@example.org", "d.state")));
        String delivery = delivery("queued@example.org", "cast(d.id as text)");
        assertEquals("<" + delivery + "@acme.test>", confirmation.getMessageID());
        assertTrue(text(confirmation).contains("Website"), "the services chosen, by label: " + text(confirmation));
        String confirm = link(confirmation, "confirm");
        assertEquals(200, post(confirm.substring(0, confirm.indexOf('?')), "application/x-www-form-urlencoded", "").statusCode());
        assertEquals("active", state("queued@example.org"));
        assertEquals(1, to("queued@example.org").size(), "one request, one mail");
    }

    @Test
    void without_mail_settings_there_is_no_form_and_the_routes_are_404() throws Exception {
        String front = HTTP.send(HttpRequest.newBuilder(URI.create(noMail.url("/"))).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        assertFalse(front.contains("subscribe-form"));
        var api = HTTP.send(HttpRequest.newBuilder(URI.create(noMail.url("/api/subscriptions")))
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"a@example.org\"}")).header("Content-Type", "application/json")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, api.statusCode());
    }
}
