package dev.statusstream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.statusstream.testing.Waiting;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * A reader subscribes by email in a real browser: the page's form, sent with the page's scripts off, the confirmation
 * mail received by a real SMTP server (GreenMail), its link opened in the browser and confirmed with
 * the page's button, then an incident opened through the admin API arrives as a mail, whose
 * unsubscribe link works the same way. axe-core checks every page of the way.
 */
class SubscribeBrowserTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
            .withPerMethodLifecycle(false);
    private static final String TOKEN = "subscribe-browser-test-admin-token";
    private static final String READER = "reader@example.org";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern LINK = Pattern.compile("https?://[^/\\s]+(/subscriptions/([a-z]+)/[^\\s]+)");

    private static Browser browser;
    private static Site site;

    @BeforeAll
    static void start() {
        site = Site.start(Map.of("STATUS_SMTP_URL", "smtp://127.0.0.1:" + SMTP.getSmtp().getPort(),
                "STATUS_MAIL_FROM", "Acme Status <status@acme.test>", "STATUS_PAGE_NAME", "Acme Status",
                "STATUS_ADMIN_TOKEN", TOKEN));
        site.cli("service", "add", "api", "--label", "Public API");
        site.cli("service", "add", "web", "--label", "Website");
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        browser.close();
        site.close();
    }

    /** Serious and critical axe-core violations on the page shown now, collected with the page's name. */
    private static void check(String page, List<String> violations) {
        Axe.serious(browser).forEach(v -> violations.add(page + ": " + v));
    }

    private static MimeMessage mail(int count) {
        Waiting.until(WAIT, count + " mails to " + READER, () -> SMTP.getReceivedMessages().length >= count);
        return SMTP.getReceivedMessages()[count - 1];
    }

    private static String link(MimeMessage mail, String action) throws Exception {
        String text = (String) ((Multipart) mail.getContent()).getBodyPart(0).getContent();
        Matcher m = LINK.matcher(text);
        while (m.find()) {
            if (m.group(2).equals(action)) {
                return m.group(1);
            }
        }
        throw new AssertionError("no " + action + " link in: " + text);
    }

    @Test
    void a_reader_subscribes_on_the_page_confirms_from_the_mail_gets_an_incident_by_mail_and_unsubscribes() throws Exception {
        List<String> violations = new ArrayList<>();
        browser.open(site.url("/"));
        check("front page with the form", violations);
        // the form is filled in and sent with the page's scripts off: it needs none (axe, run by the
        // driver, needs them again afterwards)
        browser.cdp("Emulation.setScriptExecutionDisabled", Map.of("value", true));
        browser.open(site.url("/"));
        assertEquals(Boolean.FALSE, browser.js("return typeof window.EventSource !== 'undefined' && "
                + "document.getElementById('connection').getAttribute('data-state') !== 'static'"), "the page script did not run");
        browser.find("#subscribe-email").sendKeys(READER);
        browser.find(".subscribe-services input[value='api']").click();
        browser.find(".subscribe-form button[type='submit']").click();
        awaitHeading("Check your mail");
        browser.cdp("Emulation.setScriptExecutionDisabled", Map.of("value", false));
        check("check your mail", violations);

        MimeMessage confirmation = mail(1);
        assertEquals(READER, confirmation.getAllRecipients()[0].toString());
        assertTrue(confirmation.getSubject().contains("Acme Status"), confirmation.getSubject());
        followAndPress(link(confirmation, "confirm"), "Confirm your subscription", "You are subscribed", violations);

        var open = HttpRequest.newBuilder(URI.create(site.url("/api/admin/incidents")))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"title\":\"API latency\",\"impact\":\"degraded\",\"services\":[\"api\"],\"body\":\"Investigating\"}"))
                .build();
        assertEquals(201, HttpClient.newHttpClient().send(open, HttpResponse.BodyHandlers.ofString()).statusCode());
        MimeMessage incident = mail(2);
        assertEquals("[Acme Status] Incident: API latency", incident.getSubject());
        assertTrue(Arrays.toString(incident.getHeader("List-Unsubscribe-Post")).contains("List-Unsubscribe=One-Click"));

        followAndPress(link(incident, "unsubscribe"), "Unsubscribe", "You are unsubscribed", violations);
        assertEquals(List.of(), violations);
    }

    /** Opens a mail's link (a page with one button, so that following a link changes nothing) and presses it. */
    private static void followAndPress(String path, String page, String done, List<String> violations) {
        browser.open(site.url(path));
        assertEquals(page, browser.text("#notice-heading"));
        check(page, violations);
        browser.find(".notice-page form button").click();
        awaitHeading(done);
        check(done, violations);
    }

    /** The page a form answered with: until it has loaded, the heading found may be the old page's. */
    private static void awaitHeading(String heading) {
        browser.await(WAIT, "the heading " + heading, d -> heading.equals(d.findElement(By.id("notice-heading")).getText()));
    }
}
