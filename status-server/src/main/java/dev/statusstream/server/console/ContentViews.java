package dev.statusstream.server.console;

import dev.statusstream.Branding;
import dev.statusstream.IncidentTemplate;
import dev.statusstream.Service;
import dev.statusstream.Subscriber;
import dev.statusstream.SubscriberKind;
import gg.jte.Content;
import java.util.List;

/** What the console's pages for templates, branding and subscribers show. Immutable records. */
public final class ContentViews {
    private ContentViews() {
    }

    /** @param next the {@code after} of the next page, or null on the last */
    public record Templates(ConsoleViews.Frame frame, List<IncidentTemplate> templates, List<Service> services, String next) {
        public String text(dev.statusstream.LocalizedText text) {
            return text.resolve(List.of(frame.language()), frame.language());
        }
    }

    /**
     * The branding form with what readers see now.
     *
     * @param logo the current logo's path, or null
     */
    public record BrandingPage(ConsoleViews.Frame frame, Branding branding, String logo) {
    }

    /**
     * @param next       the {@code after} of the next page, or null on the last
     * @param issuedId   a webhook just added, whose secret is shown this once, or null
     * @param issued     that secret, or null
     */
    public record Subscribers(ConsoleViews.Frame frame, List<Subscriber> subscribers, List<Service> services, String next,
            String issuedId, String issued) {
        public List<String> kinds() {
            return List.of(SubscriberKind.WEBHOOK.wireName(), SubscriberKind.SLACK.wireName(), SubscriberKind.DISCORD.wireName());
        }

        public String follows(Subscriber subscriber) {
            return subscriber.services().isEmpty() ? "the whole page" : String.join(", ", subscriber.services());
        }
    }

    /** A postmortem being written, with the incident as the public page would show it. */
    public record PostmortemDraft(ConsoleViews.Frame frame, String slug, String body, Content preview) {
    }
}
