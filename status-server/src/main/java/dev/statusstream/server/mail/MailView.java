package dev.statusstream.server.mail;

import java.util.List;

/**
 * What one mail says, before it is written as text and as HTML: both forms come from this one value,
 * so they never disagree. Immutable.
 *
 * @param lang        the language it is written in
 * @param subject     the subject line
 * @param site        the page's name
 * @param siteUrl     the page's address
 * @param heading     the first line, in large type
 * @param paragraphs  the message, one entry per paragraph
 * @param details     label and value pairs (state, affected services, times), in order
 * @param action      the button's words, or null for none
 * @param actionUrl   where the button leads, or null
 * @param footer      why the reader gets this mail
 * @param unsubscribe the words of the unsubscribe link
 * @param unsubscribeUrl the unsubscribe page
 */
public record MailView(String lang, String subject, String site, String siteUrl, String heading, List<String> paragraphs,
        List<Detail> details, String action, String actionUrl, String footer, String unsubscribe, String unsubscribeUrl) {
    public MailView {
        paragraphs = List.copyOf(paragraphs);
        details = List.copyOf(details);
    }

    /** One labelled value. */
    public record Detail(String label, String value) {
    }

    /** The plain-text form: short lines, links on their own line so every client makes them clickable. */
    public String text() {
        var out = new StringBuilder();
        out.append(heading).append("\n\n");
        for (String paragraph : paragraphs) {
            out.append(paragraph).append("\n\n");
        }
        for (Detail detail : details) {
            out.append(detail.label()).append(": ").append(detail.value()).append('\n');
        }
        if (!details.isEmpty()) {
            out.append('\n');
        }
        if (action != null) {
            out.append(action).append(":\n").append(actionUrl).append("\n\n");
        }
        out.append("-- \n").append(site).append(" <").append(siteUrl).append(">\n").append(footer).append('\n')
                .append(unsubscribe).append(": ").append(unsubscribeUrl).append('\n');
        return out.toString();
    }
}
