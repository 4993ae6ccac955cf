package dev.statusstream.server.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.statusstream.ValidationException;
import dev.statusstream.server.api.PublicSite;
import dev.statusstream.server.page.Messages;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The mailer against GreenMail, a real SMTP server that requires a login here. */
class SmtpMailerTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("status@example.test", "mailer", "s3cret+pw"));

    private static final MailWriter WRITER = new MailWriter(TemplateEngine.createPrecompiled(ContentType.Html), Messages.load(),
            new PublicSite("Acme Status", "https://status.acme.test"), "acme.test");

    private MailSettings settings(String password) {
        return MailSettings.parse("smtp://mailer:" + password.replace("+", "%2B") + "@127.0.0.1:" + SMTP.getSmtp().getPort(),
                "Acme Status <status@acme.test>");
    }

    @Test
    void a_mail_has_text_and_html_one_click_unsubscribe_headers_and_the_message_id_it_was_given() throws Exception {
        try (var mailer = new SmtpMailer(settings("s3cret+pw"), 2)) {
            OutgoingMail mail = WRITER.confirmation("reader@example.org", "en", "d-1", "c.tok", "u.tok", List.of("Public API"));
            mailer.send(mail.toMime(mailer.session(), settings("s3cret+pw").from()));
            mailer.send(mail.toMime(mailer.session(), settings("s3cret+pw").from()));
        }
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertEquals(2, received.length);
        for (MimeMessage m : received) {
            assertEquals("<d-1@acme.test>", m.getMessageID(), "a retry keeps the Message-ID");
            assertEquals("<https://status.acme.test/subscriptions/unsubscribe/u.tok?lang=en>", m.getHeader("List-Unsubscribe", null));
            assertEquals("List-Unsubscribe=One-Click", m.getHeader("List-Unsubscribe-Post", null));
            assertEquals("Confirm your subscription to Acme Status", m.getSubject());
            assertEquals("reader@example.org", m.getAllRecipients()[0].toString());
            assertTrue(m.getContentType().startsWith("multipart/alternative"), m.getContentType());
            Multipart parts = (Multipart) m.getContent();
            assertEquals(2, parts.getCount());
            assertTrue(parts.getBodyPart(0).isMimeType("text/plain"));
            assertTrue(parts.getBodyPart(1).isMimeType("text/html"));
            String text = (String) parts.getBodyPart(0).getContent();
            String html = (String) parts.getBodyPart(1).getContent();
            assertTrue(text.contains("https://status.acme.test/subscriptions/confirm/c.tok?lang=en"), text);
            assertTrue(text.contains("Services: Public API"), text);
            assertTrue(html.contains("href=\"https://status.acme.test/subscriptions/confirm/c.tok?lang=en\""), html);
            assertTrue(html.contains("<html lang=\"en\">"), html);
        }
    }

    @Test
    void mail_is_written_in_the_subscribers_language_and_falls_back_to_english() throws Exception {
        assertEquals("Acme Status への登録の確認",
                WRITER.confirmation("a@example.org", "ja", "d", "c.t", "u.t", List.of()).subject());
        assertEquals("Confirm your subscription to Acme Status",
                WRITER.confirmation("a@example.org", "xx", "d", "c.t", "u.t", List.of()).subject());
    }

    @Test
    void html_escapes_what_operators_wrote() {
        OutgoingMail mail = WRITER.notification("en", "Incident: <script>x</script>",
                List.of("a & b"), List.of(), "https://status.acme.test/incidents/x").to("a@example.org", "d", "u.t");
        assertFalse(mail.html().contains("<script>x"), mail.html());
        assertTrue(mail.html().contains("a &amp; b"), mail.html());
        assertTrue(mail.text().contains("a & b"));
    }

    @Test
    void one_letter_written_once_gives_each_recipient_its_own_unsubscribe_link() {
        MailWriter.Letter letter = WRITER.notification("en", "Incident: API", List.of("Investigating"), List.of(),
                "https://status.acme.test/incidents/x");
        OutgoingMail first = letter.to("a@example.org", "d-1", "s1.mac1");
        OutgoingMail second = letter.to("b@example.org", "d-2", "s2.mac2");
        String link = "https://status.acme.test/subscriptions/unsubscribe/";
        assertEquals(link + "s1.mac1?lang=en", first.unsubscribe());
        assertTrue(first.text().contains(link + "s1.mac1?lang=en"), first.text());
        assertTrue(first.html().contains(link + "s1.mac1?lang=en"), first.html());
        assertFalse(first.text().contains("s2.mac2") || first.html().contains("s2.mac2"));
        assertFalse(first.html().contains("unsubscribe-"), first.html());
        assertEquals(link + "s2.mac2?lang=en", second.unsubscribe());
        assertTrue(second.html().contains(link + "s2.mac2?lang=en"), second.html());
        assertEquals("b@example.org", second.to());
        assertEquals("d-2@acme.test", second.messageId());
    }

    @Test
    void bodies_are_sent_in_the_encoding_their_text_needs() {
        assertEquals("7bit", OutgoingMail.transferEncoding("plain words\nand a link https://x.test/\n"));
        assertEquals("quoted-printable", OutgoingMail.transferEncoding("Caf\u00e9 ouvert, tout va bien"));
        assertEquals("base64", OutgoingMail.transferEncoding("\u969c\u5bb3\u304c\u767a\u751f\u3057\u307e\u3057\u305f"));
        assertEquals("quoted-printable", OutgoingMail.transferEncoding("x".repeat(1200)));
    }

    @Test
    void a_wrong_password_is_a_failure_that_never_names_the_password() throws Exception {
        try (var mailer = new SmtpMailer(settings("wrong-pw"), 1)) {
            OutgoingMail mail = WRITER.confirmation("reader@example.org", "en", "d-2", "c.t", "u.t", List.of());
            var failure = assertThrows(SmtpMailer.MailFailure.class,
                    () -> mailer.send(mail.toMime(mailer.session(), settings("wrong-pw").from())));
            assertFalse(failure.getMessage().contains("wrong-pw"), failure.getMessage());
        }
        assertEquals(0, SMTP.getReceivedMessages().length);
    }

    @Test
    void settings_name_what_is_wrong_and_never_show_the_password() {
        MailSettings s = MailSettings.parse("smtp://u%40x:p%3Aw@mail.example.org", "status@example.org");
        assertEquals("u@x", s.user());
        assertEquals("p:w", s.password());
        assertEquals(587, s.port());
        assertEquals("smtp://u@x@mail.example.org:587", s.toString());
        assertEquals(465, MailSettings.parse("smtps://mail.example.org", "status@example.org").port());
        assertEquals("STATUS_SMTP_URL", assertThrows(ValidationException.class,
                () -> MailSettings.parse("http://mail.example.org", "status@example.org")).field());
        assertEquals("STATUS_MAIL_FROM", assertThrows(ValidationException.class,
                () -> MailSettings.parse("smtp://mail.example.org", "not an address")).field());
        var noHost = assertThrows(ValidationException.class, () -> MailSettings.parse("smtp://u:topsecret@/", "a@b.c"));
        assertFalse(noHost.getMessage().contains("topsecret"));
    }
}
