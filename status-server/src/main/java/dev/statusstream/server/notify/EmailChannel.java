package dev.statusstream.server.notify;

import dev.statusstream.Channel;
import dev.statusstream.Delivery;
import dev.statusstream.DeliveryOutcome;
import dev.statusstream.Incident;
import dev.statusstream.LocalizedText;
import dev.statusstream.Notification;
import dev.statusstream.NotificationEvent;
import dev.statusstream.Snapshot;
import dev.statusstream.Subscriber;
import dev.statusstream.Service;
import dev.statusstream.SubscriberKind;
import dev.statusstream.SubscriberToken;
import dev.statusstream.server.api.PublicSite;
import dev.statusstream.server.mail.MailSettings;
import dev.statusstream.server.mail.MailView;
import dev.statusstream.server.mail.MailWriter;
import dev.statusstream.server.mail.OutgoingMail;
import dev.statusstream.server.mail.SmtpMailer;
import dev.statusstream.server.page.PageText;
import jakarta.mail.MessagingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Mail to email subscribers: the confirmation (or "already subscribed") mail a subscription request
 * queued, and one mail per notification to confirmed ones, written once per language; each in the
 * subscriber's language, text and HTML, with its one-click unsubscribe link, and the {@code Message-ID} made of the delivery id, so that
 * a retry (on this node or another) is the same mail to the recipient's client. The mailer keeps its
 * SMTP connections open across deliveries. A refusal the server calls permanent (5xx) fails the
 * delivery at once; anything else is tried again. Thread-safe.
 */
public final class EmailChannel implements Channel {
    private final SmtpMailer mailer;
    private final MailSettings settings;
    private final MailWriter writer;
    private final PublicSite site;
    private final String defaultLanguage;
    private final Supplier<Snapshot> snapshot;
    /** Letters of the notifications being delivered now; a handful of notifications times a few languages. */
    private final Map<LetterKey, MailWriter.Letter> letters = new ConcurrentHashMap<>();
    private static final int MAX_LETTERS = 64;

    /**
     * @param snapshot the page as it is now, for the labels of the services a subscription chose
     */
    public EmailChannel(SmtpMailer mailer, MailSettings settings, MailWriter writer, PublicSite site, String defaultLanguage,
            Supplier<Snapshot> snapshot) {
        this.snapshot = snapshot;
        this.mailer = mailer;
        this.settings = settings;
        this.writer = writer;
        this.site = site;
        this.defaultLanguage = defaultLanguage;
    }

    @Override
    public SubscriberKind kind() {
        return SubscriberKind.EMAIL;
    }

    @Override
    public DeliveryOutcome deliver(Delivery delivery) {
        if (delivery.tokenKey() == null) {
            return DeliveryOutcome.rejected("the subscriber has no link key");
        }
        OutgoingMail mail = write(delivery);
        try {
            mailer.send(mail.toMime(mailer.session(), settings.from()));
            return DeliveryOutcome.delivered();
        } catch (SmtpMailer.MailFailure e) {
            return e.retryable() ? DeliveryOutcome.retry(e.getMessage()) : DeliveryOutcome.rejected(e.getMessage());
        } catch (MessagingException e) {
            return DeliveryOutcome.rejected("the mail could not be written: " + e.getMessage());
        }
    }

    /** The mail of one delivery: the notification's letter in the subscriber's language, addressed to it. */
    OutgoingMail write(Delivery delivery) {
        Notification n = delivery.notification();
        Subscriber s = delivery.subscriber();
        byte[] key = delivery.tokenKey().getBytes(StandardCharsets.UTF_8);
        String unsubscribe = SubscriberToken.of(SubscriberToken.UNSUBSCRIBE, s.id(), key).toString();
        if (n.event().aboutSubscription()) {
            List<String> services = labels(n.services(), List.of(s.language()));
            return n.event() == NotificationEvent.SUBSCRIPTION_CONFIRM
                    ? writer.confirmation(s.target(), s.language(), delivery.id(),
                            SubscriberToken.confirmation(s.id(), key, n.createdAt()).toString(), unsubscribe, services)
                    : writer.alreadySubscribed(s.target(), s.language(), delivery.id(), unsubscribe, services);
        }
        return letter(n, s.language()).to(s.target(), delivery.id(), unsubscribe);
    }

    /** The services' labels, from the page as it is now, in the order given. */
    private List<String> labels(List<String> ids, List<String> preferred) {
        Map<String, Service> services = snapshot.get().services().stream().collect(Collectors.toMap(Service::id, x -> x, (a, b) -> a));
        return ids.stream().map(id -> services.containsKey(id) ? text(services.get(id).label(), preferred) : id).toList();
    }

    /** Written once per notification and language, not once per subscriber. */
    private MailWriter.Letter letter(Notification n, String language) {
        var key = new LetterKey(n.id(), language);
        MailWriter.Letter letter = letters.get(key);
        if (letter == null) {
            if (letters.size() >= MAX_LETTERS) {
                letters.clear();
            }
            letter = letters.computeIfAbsent(key, k -> compose(n, language));
        }
        return letter;
    }

    private MailWriter.Letter compose(Notification n, String language) {
        PageText t = writer.text(language);
        List<String> preferred = List.of(language);
        if (n.incident() == null) {
            Service s = n.service();
            String label = text(s.label(), preferred);
            String summary = s.statusSummary() == null ? "" : text(s.statusSummary(), preferred);
            return writer.notification(language, t.t("mail.event.serviceChanged", label, t.t("status." + s.status().wireName())),
                    summary.isEmpty() ? List.of() : List.of(summary), List.of(), site.link("/"));
        }
        Incident i = n.incident();
        String heading = t.t("mail.event." + eventKey(n), text(i.title(), preferred));
        List<String> paragraphs = new ArrayList<>();
        if (!i.updates().isEmpty() && !i.updates().getFirst().body().isEmpty()) {
            paragraphs.add(text(i.updates().getFirst().body(), preferred));
        }
        List<MailView.Detail> details = new ArrayList<>();
        details.add(new MailView.Detail(t.t("mail.detail.state"), t.t("state." + i.state().wireName())));
        details.add(new MailView.Detail(t.t("impact"), t.t("status." + i.impact().wireName())));
        if (!i.affectedServiceIds().isEmpty()) {
            Map<String, Service> services = n.snapshot().services().stream().collect(Collectors.toMap(Service::id, s -> s, (a, b) -> a));
            details.add(new MailView.Detail(t.t("affects"), i.affectedServiceIds().stream()
                    .map(id -> services.containsKey(id) ? text(services.get(id).label(), preferred) : id)
                    .collect(Collectors.joining(", "))));
        }
        if (i.scheduledFor() != null) {
            details.add(new MailView.Detail(t.t("window"), PageText.utc(i.scheduledFor())
                    + (i.scheduledUntil() == null ? "" : " – " + PageText.utc(i.scheduledUntil()))));
        }
        if (!i.updates().isEmpty()) {
            details.add(new MailView.Detail(t.t("mail.detail.posted"), PageText.utc(i.updates().getFirst().createdAt())));
        }
        return writer.notification(language, heading, paragraphs, details, site.link("/incidents/" + i.slug()));
    }

    private record LetterKey(long notification, String language) {
    }

    private static String eventKey(Notification n) {
        return switch (n.event()) {
            case INCIDENT_OPENED -> "incidentOpened";
            case INCIDENT_UPDATED -> "incidentUpdated";
            case INCIDENT_RESOLVED -> "incidentResolved";
            case MAINTENANCE_SCHEDULED -> "maintenanceScheduled";
            case MAINTENANCE_UPDATED -> "maintenanceUpdated";
            case MAINTENANCE_STARTED -> "maintenanceStarted";
            case MAINTENANCE_COMPLETED -> "maintenanceCompleted";
            case MAINTENANCE_REMINDER -> "maintenanceReminder";
            case SERVICE_STATUS -> "serviceChanged";
            case SUBSCRIPTION_CONFIRM, SUBSCRIPTION_ALREADY -> throw new IllegalArgumentException(n.event() + " is no change");
        };
    }

    private String text(LocalizedText value, List<String> preferred) {
        return value == null ? "" : value.resolve(preferred, defaultLanguage);
    }
}
