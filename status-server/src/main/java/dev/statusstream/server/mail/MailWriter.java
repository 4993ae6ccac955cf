package dev.statusstream.server.mail;

import dev.statusstream.server.api.PublicSite;
import dev.statusstream.server.page.Messages;
import dev.statusstream.server.page.PageText;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes the mails subscribers get, in their language, from the page's message bundles: the
 * confirmation, the "already subscribed" notice, and notifications. Each mail is one {@link MailView}
 * written twice, as text and through the {@code mail/mail.jte} template as HTML. Thread-safe.
 */
public final class MailWriter {
    private final TemplateEngine templates;
    private final Messages messages;
    private final PublicSite site;
    private final String siteName;
    private final String domain;

    /**
     * @param siteName the page's name as mails show it: {@code STATUS_PAGE_NAME}, or the page's address
     *                 when it was left at the default
     * @param domain   names the {@code Message-ID}s (the sender's domain)
     */
    public MailWriter(TemplateEngine templates, Messages messages, PublicSite site, String domain) {
        this.templates = templates;
        this.messages = messages;
        this.site = site;
        this.siteName = PublicSite.DEFAULT_NAME.equals(site.name()) ? site.url().replaceFirst("^https?://", "") : site.name();
        this.domain = domain;
    }

    /** The page's words in {@code language}, or in the default language when we have none in it. */
    public PageText text(String language) {
        String lang = messages.supports(language) ? language : "en";
        return new PageText(lang, List.of(lang), lang, messages.all(lang));
    }

    /** A {@code Message-ID} made of a delivery's id: the same on every try of that delivery. */
    public String messageId(String deliveryId) {
        return deliveryId + "@" + domain;
    }

    /** The public address of a subscription link, showing its page in the mail's language. */
    public String link(String action, String token, String language) {
        return site.link("/subscriptions/" + action + "/" + token + "?lang=" + language);
    }

    /**
     * The confirmation mail of a new subscription.
     *
     * @param services the services chosen, by label; empty for all
     */
    public OutgoingMail confirmation(String to, String language, String deliveryId, String confirmToken,
            String unsubscribeToken, List<String> services) {
        PageText t = text(language);
        var view = new MailView(t.lang(), t.t("mail.confirm.subject", siteName), siteName, site.url(),
                t.t("mail.confirm.heading"), List.of(t.t("mail.confirm.body", siteName), t.t("mail.confirm.ignore")),
                List.of(services(t, services)), t.t("mail.confirm.action"), link("confirm", confirmToken, t.lang()),
                t.t("mail.footer.confirm", siteName), t.t("mail.unsubscribe"), link("unsubscribe", unsubscribeToken, t.lang()));
        return write(to, deliveryId, view);
    }

    /** The notice sent instead when the address is already subscribed: nothing changes. */
    public OutgoingMail alreadySubscribed(String to, String language, String deliveryId, String unsubscribeToken,
            List<String> services) {
        PageText t = text(language);
        var view = new MailView(t.lang(), t.t("mail.already.subject", siteName), siteName, site.url(),
                t.t("mail.already.heading"), List.of(t.t("mail.already.body", siteName)), List.of(services(t, services)),
                null, null, t.t("mail.footer.subscribed", siteName), t.t("mail.unsubscribe"),
                link("unsubscribe", unsubscribeToken, t.lang()));
        return write(to, deliveryId, view);
    }

    /**
     * A notification of a change, written once for every subscriber reading it in {@code language}:
     * {@link Letter#to} fills in the recipient, the delivery and the unsubscribe link.
     *
     * @param heading    the first line, e.g. "Incident: API latency"
     * @param paragraphs what the update says
     * @param details    state, impact, affected services, times
     * @param pageUrl    the incident's page, or null
     */
    public Letter notification(String language, String heading, List<String> paragraphs, List<MailView.Detail> details,
            String pageUrl) {
        PageText t = text(language);
        // a placeholder nobody can write into an operator's text, replaced by each subscriber's own token
        String placeholder = "unsubscribe-" + UUID.randomUUID();
        var view = new MailView(t.lang(), "[" + siteName + "] " + heading, siteName, site.url(), heading, paragraphs, details,
                pageUrl == null ? null : t.t("mail.action.incident"), pageUrl, t.t("mail.footer.subscribed", siteName),
                t.t("mail.unsubscribe"), link("unsubscribe", placeholder, t.lang()));
        var html = new StringOutput();
        templates.render("mail/mail.jte", Map.of("mail", view), html);
        return new Letter(view.subject(), view.text(), html.toString(), view.lang(), view.unsubscribeUrl(), placeholder);
    }

    /** A mail written for many recipients, with a placeholder where each one's unsubscribe token goes. Immutable. */
    public final class Letter {
        private final String subject;
        private final String text;
        private final String html;
        private final String lang;
        private final String unsubscribeUrl;
        private final String placeholder;

        private Letter(String subject, String text, String html, String lang, String unsubscribeUrl, String placeholder) {
            this.subject = subject;
            this.text = text;
            this.html = html;
            this.lang = lang;
            this.unsubscribeUrl = unsubscribeUrl;
            this.placeholder = placeholder;
        }

        /** The mail of one delivery to {@code to}, whose unsubscribe link carries {@code unsubscribeToken}. */
        public OutgoingMail to(String to, String deliveryId, String unsubscribeToken) {
            return new OutgoingMail(to, subject, text.replace(placeholder, unsubscribeToken), html.replace(placeholder, unsubscribeToken),
                    messageId(deliveryId), lang, unsubscribeUrl.replace(placeholder, unsubscribeToken));
        }
    }

    private static MailView.Detail services(PageText t, List<String> services) {
        return new MailView.Detail(t.t("mail.services"), services.isEmpty() ? t.t("mail.services.all") : String.join(", ", services));
    }

    private OutgoingMail write(String to, String deliveryId, MailView view) {
        var html = new StringOutput();
        templates.render("mail/mail.jte", Map.of("mail", view), html);
        return new OutgoingMail(to, view.subject(), view.text(), html.toString(), messageId(deliveryId), view.lang(),
                view.unsubscribeUrl());
    }
}
