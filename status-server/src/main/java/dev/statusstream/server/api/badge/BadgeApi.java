package dev.statusstream.server.api.badge;

import dev.statusstream.NotFoundException;
import dev.statusstream.Service;
import dev.statusstream.Snapshot;
import dev.statusstream.Status;
import dev.statusstream.StatusLabel;
import dev.statusstream.StatusStream;
import dev.statusstream.server.api.PublicSite;
import dev.statusstream.server.api.PublicRead;
import dev.statusstream.server.api.RenderedCache;
import dev.statusstream.server.api.SiteResolver;
import dev.statusstream.server.page.Messages;
import dev.statusstream.server.page.PageView;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code GET /badge.svg}: the page's overall status, or one service's with {@code ?service=id} (404
 * when there is no such service), as an SVG badge for READMEs and dashboards. {@code ?lang=} picks the
 * language. Revalidated on every use ({@code no-cache} with an {@code ETag}), which is also what makes
 * image proxies such as GitHub's fetch it again. Thread-safe.
 */
public final class BadgeApi {
    private final StatusStream status;
    private final SiteResolver sites;
    private final Messages messages;
    private final RenderedCache cache;

    public BadgeApi(StatusStream status, SiteResolver sites, Messages messages, RenderedCache cache) {
        this.cache = cache;
        this.status = status;
        this.sites = sites;
        this.messages = messages;
    }

    public void badge(Context ctx) {
        Snapshot snapshot = status.snapshot();
        String language = PublicRead.language(ctx, status.config().defaultLanguage());
        String serviceId = ctx.queryParam("service");
        Service service = null;
        if (serviceId != null) {
            Service.checkId(serviceId);
            service = snapshot.service(serviceId)
                    .orElseThrow(() -> new NotFoundException("service", "no service with id '" + serviceId + "'"));
        }
        ctx.header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        PublicSite site = sites.site(ctx).branded(snapshot.branding());
        String representation = "badge|" + (service == null ? "" : service.id()) + "|" + language + "|" + site.fingerprint();
        Service shown = service;
        var rendered = cache.get(representation, snapshot.version(), () -> RenderedCache.Rendered.of(snapshot.version(),
                "image/svg+xml; charset=utf-8", badge(snapshot, shown, site, language).svg()));
        PublicRead.send(ctx, snapshot, rendered);
    }

    private Badge badge(Snapshot snapshot, Service service, PublicSite site, String language) {
        return service == null
                ? new Badge(site.name(), messages.get(language, PageView.overallKey(snapshot)),
                        color(snapshot.statusLabel()))
                : new Badge(service.label().resolve(List.of(language), status.config().defaultLanguage()),
                        messages.get(language, "status." + service.status().wireName()), color(service.status()));
    }

    static String color(StatusLabel label) {
        return switch (label) {
            case OPERATIONAL -> color(Status.OPERATIONAL);
            case DEGRADED, PARTIALLY_DEGRADED -> color(Status.DEGRADED);
            case OUTAGE -> color(Status.OUTAGE);
            case MAINTENANCE, PARTIALLY_MAINTENANCE -> color(Status.MAINTENANCE);
            case UNKNOWN -> color(Status.UNKNOWN);
        };
    }

    /** Dark enough for white text (WCAG AA at this size). */
    static String color(Status status) {
        return switch (status) {
            case OPERATIONAL -> "#2e7d32";
            case DEGRADED -> "#a15c00";
            case OUTAGE -> "#c62828";
            case MAINTENANCE -> "#1565c0";
            case UNKNOWN -> "#616161";
        };
    }
}
