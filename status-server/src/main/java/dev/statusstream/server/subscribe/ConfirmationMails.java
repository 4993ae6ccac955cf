package dev.statusstream.server.subscribe;

import dev.statusstream.EmailSignup;
import dev.statusstream.server.mail.MailSettings;
import dev.statusstream.server.mail.MailWriter;
import dev.statusstream.server.mail.OutgoingMail;
import dev.statusstream.server.mail.SmtpMailer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the mail a subscription request asks for (a confirmation, or the notice that the address is
 * subscribed already) after the request is committed, in the background: the answer to whoever asked
 * is the same, and as quick, whether the address is known or not. A mail the server did not take is
 * tried again a few times with the same {@code Message-ID}; after that the reader can ask again.
 * Thread-safe.
 */
public final class ConfirmationMails implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfirmationMails.class);
    /** When each try starts, from the request: at once, then after 10 s, 1 min and 5 min. */
    static final List<Duration> TRIES = List.of(Duration.ZERO, Duration.ofSeconds(10), Duration.ofMinutes(1),
            Duration.ofMinutes(5));

    private final SmtpMailer mailer;
    private final MailSettings settings;
    private final MailWriter writer;
    private final Function<List<String>, List<String>> labels;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("statusstream-confirmation-mail").factory());

    /**
     * @param labels the services' labels in the subscriber's language, from their ids
     */
    public ConfirmationMails(SmtpMailer mailer, MailSettings settings, MailWriter writer, Function<List<String>, List<String>> labels) {
        this.mailer = mailer;
        this.settings = settings;
        this.writer = writer;
        this.labels = labels;
    }

    /** Queues the mail {@code signup} calls for; nothing for a limited request. */
    public void send(EmailSignup signup) {
        if (signup.outcome() == EmailSignup.Outcome.LIMITED) {
            return;
        }
        String id = UUID.randomUUID().toString();
        List<String> services = labels.apply(signup.services());
        OutgoingMail mail = signup.outcome() == EmailSignup.Outcome.CONFIRM
                ? writer.confirmation(signup.email(), signup.language(), id, signup.confirmToken(), signup.unsubscribeToken(), services)
                : writer.alreadySubscribed(signup.email(), signup.language(), id, signup.unsubscribeToken(), services);
        schedule(mail, signup.subscriberId(), 0);
    }

    private void schedule(OutgoingMail mail, String subscriberId, int attempt) {
        Runnable task = () -> Thread.ofVirtual().name("statusstream-confirmation-send").start(() -> attempt(mail, subscriberId, attempt));
        try {
            timer.schedule(task, TRIES.get(attempt).toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("shutting down: the mail to subscriber {} is not sent", subscriberId);
        }
    }

    private void attempt(OutgoingMail mail, String subscriberId, int attempt) {
        try {
            mailer.send(mail.toMime(mailer.session(), settings.from()));
        } catch (SmtpMailer.MailFailure e) {
            boolean again = e.retryable() && attempt + 1 < TRIES.size();
            // the subscriber's id, never the address
            log.warn("subscription mail to subscriber {} not sent (try {} of {}): {}{}", subscriberId, attempt + 1, TRIES.size(),
                    e.getMessage(), again ? "; trying again" : "");
            if (again) {
                schedule(mail, subscriberId, attempt + 1);
            }
        } catch (jakarta.mail.MessagingException | RuntimeException e) {
            log.warn("subscription mail to subscriber {} could not be written: {}", subscriberId, e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
