package dev.statusstream.server.api.statuspage;

import dev.statusstream.Notification;
import dev.statusstream.Service;
import dev.statusstream.internal.Json;
import dev.statusstream.server.api.PublicSite;

/**
 * The body of a webhook, in the shape of Statuspage's webhooks: {@code meta}, {@code page} (id and
 * indicator), and {@code incident} (the object of {@code /api/v2/incidents.json}, with
 * {@code incident_updates}) or, for a service's status set without an incident, {@code component_update}
 * and {@code component}. Rendered from the page as the change left it, in the subscriber's language.
 * Thread-safe.
 */
public final class StatuspageWebhook {
    private final StatuspageDocuments documents;
    private final PublicSite site;

    public StatuspageWebhook(String defaultLanguage, PublicSite site) {
        // when each service was added is not in the notification; the start of its current status stands in
        this.documents = new StatuspageDocuments(defaultLanguage, Service::statusSince);
        this.site = site;
    }

    /**
     * The JSON body.
     *
     * @param unsubscribe where the subscription is removed (an admin API address for webhooks)
     */
    public String body(Notification notification, String language, String unsubscribe) {
        StatuspageDocuments.View view = documents.view(notification.snapshot(), language, site);
        V2.PageStatus status = view.status();
        var meta = new V2.WebhookMeta(unsubscribe, null);
        var page = new V2.WebhookPage(site.id(), status.indicator(), status.description());
        if (notification.incident() != null) {
            var incident = view.incidents(java.util.List.of(notification.incident())).getFirst();
            return Json.write(new V2.WebhookBody(meta, page, incident, null, null));
        }
        Service service = notification.service();
        V2.Component component = view.componentList().stream().filter(c -> c.id().equals(service.id())).findFirst()
                .orElseGet(() -> new V2.Component(service.id(), service.label().resolve(java.util.List.of(language), language),
                        StatuspageValues.componentStatus(service.status()), service.statusSince(), service.updatedAt(), 0, null,
                        false, null, null, site.id(), false, false, null));
        String old = notification.previousStatus() == null ? null : StatuspageValues.componentStatus(notification.previousStatus());
        var update = new V2.ComponentUpdate(Long.toString(notification.id()), service.id(), old, component.status(),
                notification.createdAt());
        return Json.write(new V2.WebhookBody(meta, page, null, update, component));
    }
}
