package dev.statusstream.server.mail;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.StreamProvider;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends mail through one SMTP server with Jakarta Mail (Eclipse Angus), keeping up to
 * {@code connections} SMTP connections open between mails: a batch of ten thousand mails costs a handful
 * of connections and logins, not ten thousand. A connection idle for longer than {@link #FRESH} is
 * checked first (SMTP {@code NOOP}) and opened again if the server dropped it. {@code smtp://} upgrades to TLS with STARTTLS whenever the server
 * offers it; {@code smtps://} speaks TLS from the start. Thread-safe: each send borrows a connection.
 */
public final class SmtpMailer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SmtpMailer.class);
    /** Connect, read and write timeouts: a hung mail server must not hold a delivery for long. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    static {
        // Jakarta Mail 2.1 finds its stream provider with a ServiceLoader scan of the class path for every
        // MIME part it builds or writes (jakartaee/mail-api#861): a third of the CPU a mail cost here, on
        // the cores the live stream needs. Named, it is a class lookup instead. A name set by the host stays.
        if (System.getProperty(StreamProvider.class.getName()) == null) {
            System.setProperty(StreamProvider.class.getName(), MailStreamProvider.class.getName());
        }
    }

    private final MailSettings settings;
    private final Session session;
    /** A connection used this recently is taken as open without asking the server (a NOOP per mail costs a round trip). */
    static final Duration FRESH = Duration.ofSeconds(5);

    private final BlockingQueue<Kept> idle;
    private final java.util.concurrent.Semaphore permits;
    private volatile boolean closed;

    public SmtpMailer(MailSettings settings, int connections) {
        this.settings = settings;
        this.session = Session.getInstance(properties(settings));
        this.idle = new ArrayBlockingQueue<>(connections);
        this.permits = new java.util.concurrent.Semaphore(connections);
    }

    static Properties properties(MailSettings settings) {
        String protocol = settings.secure() ? "smtps" : "smtp";
        var p = new Properties();
        p.put("mail.transport.protocol", protocol);
        p.put("mail." + protocol + ".host", settings.host());
        p.put("mail." + protocol + ".port", Integer.toString(settings.port()));
        p.put("mail." + protocol + ".auth", Boolean.toString(settings.user() != null));
        p.put("mail." + protocol + ".connectiontimeout", Long.toString(TIMEOUT.toMillis()));
        p.put("mail." + protocol + ".timeout", Long.toString(TIMEOUT.toMillis()));
        p.put("mail." + protocol + ".writetimeout", Long.toString(TIMEOUT.toMillis()));
        p.put("mail." + protocol + ".from", settings.from().getAddress());
        if (!settings.secure()) {
            // TLS whenever the server offers it; a password is never sent in the clear to one that offers it
            p.put("mail.smtp.starttls.enable", "true");
        }
        p.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        return p;
    }

    /** The session messages are built in. */
    public Session session() {
        return session;
    }

    /**
     * Sends one message on a kept connection (opening one if none is idle).
     *
     * @throws MailFailure saying whether trying again later may help
     */
    public void send(MimeMessage message) throws MailFailure {
        if (closed) {
            throw new MailFailure("the mailer is closed", false, null);
        }
        try {
            if (!permits.tryAcquire(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new MailFailure("no SMTP connection free within " + TIMEOUT.toSeconds() + "s", true, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailFailure("interrupted", true, e);
        }
        Kept kept = idle.poll();
        Transport transport = null;
        try {
            transport = connected(kept);
            Address[] to = message.getAllRecipients();
            message.saveChanges();
            transport.sendMessage(message, to);
        } catch (SendFailedException e) {
            // the server refused the recipient or the message, but the connection is fine
            throw new MailFailure(reason(e), !permanent(e), e);
        } catch (MessagingException e) {
            // a broken connection: drop it, the next send opens another
            close(transport);
            transport = null;
            throw new MailFailure(reason(e), true, e);
        } finally {
            if (transport != null && !closed) {
                idle.offer(new Kept(transport, System.nanoTime()));
            } else {
                close(transport);
            }
            permits.release();
        }
    }

    private Transport connected(Kept kept) throws MessagingException {
        if (kept != null && (System.nanoTime() - kept.lastUsed() < FRESH.toNanos() || kept.transport().isConnected())) {
            return kept.transport();
        }
        close(kept == null ? null : kept.transport());
        Transport fresh = session.getTransport();
        if (settings.user() != null) {
            fresh.connect(settings.host(), settings.port(), settings.user(), settings.password());
        } else {
            fresh.connect();
        }
        return fresh;
    }

    /** A 5xx reply (bad address, message refused) will not change by retrying; 4xx and the rest may. */
    private static boolean permanent(SendFailedException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        for (Exception next = e; next != null; next = next instanceof MessagingException m ? m.getNextException() : null) {
            if (next instanceof org.eclipse.angus.mail.smtp.SMTPAddressFailedException f) {
                return f.getReturnCode() >= 500;
            }
            if (next instanceof org.eclipse.angus.mail.smtp.SMTPSendFailedException f) {
                return f.getReturnCode() >= 500;
            }
        }
        return message.startsWith("5");
    }

    /** One line, never the credentials (Jakarta Mail's messages do not carry them). */
    private static String reason(MessagingException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    private static void close(Transport transport) {
        if (transport == null) {
            return;
        }
        try {
            transport.close();
        } catch (MessagingException e) {
            log.debug("closing an SMTP connection: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        Kept kept;
        while ((kept = idle.poll()) != null) {
            close(kept.transport());
        }
    }

    /** An open connection and when it last sent a mail. */
    private record Kept(Transport transport, long lastUsed) {
    }

    /** Why a mail was not sent, and whether a later try may succeed. */
    public static final class MailFailure extends Exception {
        private final boolean retryable;

        MailFailure(String message, boolean retryable, Throwable cause) {
            super(message, cause);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }
}
