package dev.statusstream.server.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One mail to one subscriber: plain text and HTML of the same words, in the subscriber's language, with
 * a one-click unsubscribe address (RFC 8058) and a {@code Message-ID} fixed by whoever made it, so that a
 * retry is recognisably the same mail. Immutable.
 *
 * @param to          the recipient's address
 * @param subject     the subject line
 * @param text        the plain-text body
 * @param html        the HTML body (a complete document)
 * @param messageId   the id without angle brackets, e.g. {@code 6f1c...@example.com}
 * @param language    the mail's language tag, for {@code Content-Language}
 * @param unsubscribe the one-click unsubscribe URL, for {@code List-Unsubscribe}
 */
public record OutgoingMail(String to, String subject, String text, String html, String messageId, String language,
        String unsubscribe) {
    public OutgoingMail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(unsubscribe, "unsubscribe");
    }

    /** The MIME message: {@code multipart/alternative} with the text first (clients show the last they can). */
    public MimeMessage toMime(Session session, InternetAddress from) throws MessagingException {
        var message = new FixedIdMessage(session, "<" + messageId + ">");
        message.setFrom(from);
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to, false));
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        message.setHeader("Content-Language", language);
        message.setHeader("List-Unsubscribe", "<" + unsubscribe + ">");
        message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        // no out-of-office replies to a notification
        message.setHeader("Auto-Submitted", "auto-generated");
        var plain = new MimeBodyPart();
        plain.setText(text, StandardCharsets.UTF_8.name(), "plain");
        plain.setHeader("Content-Transfer-Encoding", transferEncoding(text));
        var rich = new MimeBodyPart();
        rich.setText(html, StandardCharsets.UTF_8.name(), "html");
        rich.setHeader("Content-Transfer-Encoding", transferEncoding(html));
        var body = new MimeMultipart("alternative", plain, rich);
        message.setContent(body);
        message.setSentDate(new java.util.Date());
        return message;
    }

    /**
     * The encoding Jakarta Mail would choose, decided on the text in one pass: told explicitly, it does
     * not work it out again by writing the whole body through a byte-at-a-time checker for every mail.
     * ASCII in lines a mail server takes is sent as it is; mostly ASCII as quoted-printable; the rest
     * (Japanese, say) as base64, which is shorter for it.
     */
    static String transferEncoding(String body) {
        int nonAscii = 0;
        int line = 0;
        boolean longLine = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\n') {
                line = 0;
            } else if (++line > 998) {
                longLine = true;
            }
            if (c >= 0x7f || (c < ' ' && c != '\n' && c != '\r' && c != '\t')) {
                nonAscii++;
            }
        }
        if (nonAscii == 0 && !longLine) {
            return "7bit";
        }
        return nonAscii * 3 < body.length() ? "quoted-printable" : "base64";
    }

    /** Jakarta Mail would make up a new {@code Message-ID} on every {@code saveChanges}; ours stays. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
