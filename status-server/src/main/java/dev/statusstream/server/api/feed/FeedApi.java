package dev.statusstream.server.api.feed;

import dev.statusstream.Incident;
import dev.statusstream.Snapshot;
import dev.statusstream.StatusStream;
import dev.statusstream.server.api.PublicSite;
import dev.statusstream.server.api.IncidentHistory;
import dev.statusstream.server.api.PublicRead;
import dev.statusstream.server.api.RenderedCache;
import dev.statusstream.server.branding.BrandingAssets;
import dev.statusstream.server.api.SiteResolver;
import dev.statusstream.server.page.Messages;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * {@code /history.atom} and {@code /history.rss}: one entry per incident or maintenance (the 50 most
 * recent), updated whenever the incident changes. {@code ?lang=} picks the language. Public, CORS
 * {@code *}, conditional. Thread-safe.
 */
public final class FeedApi {
    private final StatusStream status;
    private final IncidentHistory history;
    private final SiteResolver sites;
    private final Messages messages;
    private final RenderedCache cache;

    public FeedApi(StatusStream status, IncidentHistory history, SiteResolver sites, Messages messages, RenderedCache cache) {
        this.cache = cache;
        this.status = status;
        this.history = history;
        this.sites = sites;
        this.messages = messages;
    }

    public void atom(Context ctx) {
        answer(ctx, "atom", "application/atom+xml; charset=utf-8", FeedWriter::atom);
    }

    public void rss(Context ctx) {
        answer(ctx, "rss", "application/rss+xml; charset=utf-8", FeedWriter::rss);
    }

    private void answer(Context ctx, String format, String contentType, Function<FeedWriter.Feed, String> writer) {
        Snapshot snapshot = status.snapshot();
        String language = PublicRead.language(ctx, status.config().defaultLanguage());
        PublicSite site = sites.site(ctx).branded(snapshot.branding());
        var rendered = cache.get("feed/" + format + "|" + language + "|" + site.fingerprint(), snapshot.version(),
                () -> RenderedCache.Rendered.of(snapshot.version(), contentType,
                        render(snapshot, language, site, format, writer)));
        PublicRead.send(ctx, snapshot, rendered);
    }

    private String render(Snapshot snapshot, String language, PublicSite site, String format,
            Function<FeedWriter.Feed, String> writer) {
        String fallback = status.config().defaultLanguage();
        List<FeedEntry> entries = history.recent(snapshot, null).stream()
                .map(incident -> FeedEntry.of(incident, snapshot, site, messages, language, fallback))
                .sorted(Comparator.comparing(FeedEntry::changedAt).reversed())
                .toList();
        Instant updated = entries.stream().map(FeedEntry::updated).max(Comparator.naturalOrder())
                .orElse(snapshot.generatedAt());
        String logo = BrandingAssets.logoPath(snapshot.branding());
        var feed = new FeedWriter.Feed(site.name(), messages.get(language, "page.title"),
                site.url(), site.link("/history." + format), language, updated, entries,
                logo == null ? null : site.link(logo));
        return writer.apply(feed);
    }
}
