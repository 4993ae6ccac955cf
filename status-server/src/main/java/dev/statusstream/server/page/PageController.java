package dev.statusstream.server.page;

import dev.statusstream.Branding;
import dev.statusstream.Incident;
import dev.statusstream.IncidentKind;
import dev.statusstream.Snapshot;
import dev.statusstream.StatusStream;
import dev.statusstream.StoredTime;
import dev.statusstream.server.api.PublicSite;
import dev.statusstream.UnavailableException;
import dev.statusstream.ValidationException;
import dev.statusstream.internal.Json;
import dev.statusstream.server.api.PostgresBreaker;
import dev.statusstream.server.api.PublicRead;
import dev.statusstream.server.api.RenderedCache;
import dev.statusstream.server.branding.BrandingAssets;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTML pages: {@code GET /} (complete without JavaScript, kept live by {@code /static/status.js}),
 * {@code GET /incidents/{slug}} and {@code GET /history}. Each page is rendered once per snapshot version
 * and reader language (the front page also once per {@link PageHistory#STEP} of the clock, for its uptime
 * bars) and then served from the {@link RenderedCache} with a strong {@code ETag}, gzip when accepted. Nothing
 * on a page depends on the moment it is rendered: times are absolute (the script shows them in the reader's
 * zone), the bars are drawn as of the snapshot or the step ({@link PageHistory#asOf}), and the newest page of
 * history ends at that same instant (a maintenance window yet to start is not history), so every node
 * renders the same bytes.
 */
public final class PageController {
    static final int HISTORY_PAGE_SIZE = 20;
    /**
     * The pages run no inline script and no inline style (the script's data is in {@code data-page}), and
     * talk only to their own origin: anything else on the page, say from operator text gone wrong, does not
     * run or load.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    /**
     * Same-origin requests keep their full Referer (the host application's own logs), other HTTPS sites
     * learn only our origin, plain HTTP nothing: page paths are public, but query strings need not travel.
     */
    static final String REFERRER_POLICY = "strict-origin-when-cross-origin";
    /** Query parameters a language link keeps, so that switching language stays on the same page of history. */
    private static final List<String> KEPT_ON_LANGUAGE_CHANGE = List.of("kind", "before");

    private final StatusStream status;
    private final TemplateEngine templates;
    private final Messages messages;
    private final String basePath;
    private final PageHistory history;
    private final Clock clock;
    private final String siteName;
    private final RenderedCache cache;
    private final PostgresBreaker breaker;
    private final boolean subscribe;

    /** @param basePath where the app is mounted ({@code ""} at the root, or e.g. {@code /status}) */
    /**
     * @param siteName the page's configured name ({@code STATUS_PAGE_NAME}); the default name shows the
     *                 localized title instead
     * @param subscribe whether the pages offer email subscription (the form on the front page)
     */
    public PageController(StatusStream status, TemplateEngine templates, Messages messages, String basePath, Clock clock,
            String siteName, RenderedCache cache, PostgresBreaker breaker, boolean subscribe) {
        this.subscribe = subscribe;
        this.cache = cache;
        this.breaker = breaker;
        this.siteName = PublicSite.DEFAULT_NAME.equals(siteName) ? null : siteName;
        this.status = status;
        this.templates = templates;
        this.messages = messages;
        this.basePath = basePath;
        this.history = new PageHistory(status, clock, breaker);
        this.clock = clock;
    }

    public void index(Context ctx) {
        PageText text = reader(ctx);
        Snapshot snapshot = status.snapshot();
        PageHistory.Data data = history.get(snapshot);
        Instant asOf = PageHistory.asOf(snapshot, clock.instant());
        String key = "page/|" + reader(text) + "|" + kept(ctx);
        send(ctx, cache.get(key, snapshot.version(), asOf.toEpochMilli() + "|" + data.tag(), () -> {
            PageView view = PageView.of(snapshot, data, text, asOf, live(ctx, "index"));
            return html(snapshot.version(), "index.jte",
                    Map.of("page", view, "frame", frame(ctx, text, view.overallText(), view.script(), snapshot.branding())));
        }));
    }

    public void incident(Context ctx) {
        PageText text = reader(ctx);
        String slug = ctx.pathParam("slug");
        Snapshot snapshot = status.snapshot();
        try {
            send(ctx, cache.get("page/incidents/" + slug + "|" + reader(text), snapshot.version(),
                    () -> renderIncident(ctx, text, snapshot, slug)));
        } catch (NoSuchIncident e) {
            error(ctx, text, 404, text.t("error.noIncident"));
        }
    }

    /** Thrown out of a render, so that the 404 page is not kept. */
    private static final class NoSuchIncident extends RuntimeException {
        NoSuchIncident() {
            super(null, null, false, false);
        }
    }

    private RenderedCache.Rendered renderIncident(Context ctx, PageText text, Snapshot snapshot, String slug) {
        Optional<Incident> found;
        try {
            String checked = Incident.checkSlug(slug);
            found = breaker.read(() -> status.incident(checked));
        } catch (ValidationException e) {
            found = Optional.empty();
        } catch (UnavailableException e) {
            // PostgreSQL is down: the snapshot's copy (its newest updates) is better than nothing
            found = snapshot.incident(slug);
        }
        Incident incident = found.orElseThrow(NoSuchIncident::new);
        Map<String, Object> script = live(ctx, "incident");
        script.put("slug", incident.slug());
        script.putAll(scriptText(text, snapshot.version()));
        var views = new Views(text, PageView.labels(snapshot.services(), text));
        var page = new Pages.IncidentPage(frame(ctx, text, views.text(incident.title()), script, snapshot.branding()),
                views.incident(incident));
        return html(snapshot.version(), "incident.jte", Map.of("page", page));
    }

    public void history(Context ctx) {
        PageText text = reader(ctx);
        Snapshot snapshot = status.snapshot();
        Cursor before;
        IncidentKind kind;
        try {
            String asked = ctx.queryParam("before");
            before = asked == null || asked.isBlank() ? null : Cursor.parse(asked);
            String kindName = ctx.queryParam("kind");
            kind = kindName == null || kindName.isBlank() ? null : IncidentKind.parse(kindName);
        } catch (ValidationException e) {
            error(ctx, text, 400, text.t("error.badHistoryLink"));
            return;
        }
        // "?before=" with nothing after it shows the newest page without calling it the newest
        String key = "page/history|" + reader(text) + "|" + (ctx.queryParam("before") == null ? "-" : before) + "|"
                + (kind == null ? "" : kind.wireName());
        // the newest page ends at the time the front page is drawn as of, and moves on with it
        Instant asOf = PageHistory.asOf(snapshot, clock.instant());
        try {
            send(ctx, cache.get(key, snapshot.version(), before == null ? Long.toString(asOf.toEpochMilli()) : "",
                    () -> renderHistory(ctx, text, snapshot, before == null ? new Cursor(asOf.plusMillis(1), null) : before,
                            kind)));
        } catch (ValidationException e) {
            // a cursor whose id is not an incident id
            error(ctx, text, 400, text.t("error.badHistoryLink"));
        } catch (UnavailableException e) {
            error(ctx, text, 503, text.t("error.historyUnavailable"));
        }
    }

    private RenderedCache.Rendered renderHistory(Context ctx, PageText text, Snapshot snapshot, Cursor before,
            IncidentKind kind) {
        List<Incident> found = breaker.read(
                () -> status.incidentsBefore(before.start(), before.id(), kind, HISTORY_PAGE_SIZE + 1));
        List<Incident> shown = found.subList(0, Math.min(found.size(), HISTORY_PAGE_SIZE));
        var views = new Views(text, PageView.labels(snapshot.services(), text));
        var format = DateTimeFormatter.ofPattern(text.t("history.monthPattern"), Locale.forLanguageTag(text.lang()))
                .withZone(ZoneOffset.UTC);
        Map<String, List<Views.IncidentView>> months = new LinkedHashMap<>();
        for (Incident i : shown) {
            months.computeIfAbsent(format.format(start(i)), m -> new ArrayList<>()).add(views.incident(i));
        }
        String kindParam = kind == null ? "" : "&kind=" + kind.wireName();
        String older = found.size() > HISTORY_PAGE_SIZE
                ? base(ctx) + "/history?before="
                        + URLEncoder.encode(new Cursor(start(shown.getLast()), shown.getLast().id()).toString(), StandardCharsets.UTF_8)
                        + kindParam
                : "";
        Map<String, Object> script = new LinkedHashMap<>(scriptText(text, 0));
        script.put("view", "history");
        var page = new Pages.HistoryPage(frame(ctx, text, text.t("history.title"), script, snapshot.branding()),
                months.entrySet().stream().map(e -> new Pages.Month(e.getKey(), e.getValue())).toList(),
                kind == null ? "" : kind.wireName(), older, ctx.queryParam("before") == null);
        return html(snapshot.version(), "history.jte", Map.of("page", page));
    }

    /**
     * Where a page of {@code /history} starts: after the incident that started at {@code start} with id
     * {@code id}, written {@code ?before=<start>,<id>}. A bare {@code ?before=<start>} (links from before
     * the id was added, or written by hand) means everything that started strictly before it.
     */
    record Cursor(Instant start, String id) {
        static Cursor parse(String value) {
            int comma = value.indexOf(',');
            return comma < 0 ? new Cursor(StoredTime.parse("before", value), null)
                    : new Cursor(StoredTime.parse("before", value.substring(0, comma)), value.substring(comma + 1).strip());
        }

        @Override
        public String toString() {
            return id == null ? start.toString() : start + "," + id;
        }
    }

    private static Instant start(Incident i) {
        return i.scheduledFor() != null ? i.scheduledFor() : i.startedAt();
    }

    /** The reader's language: {@code ?lang=} (remembered in a cookie), the cookie, then Accept-Language. */
    private PageText reader(Context ctx) {
        String fallback = status.config().defaultLanguage();
        List<String> preferred = Languages.preferred(ctx.queryParam("lang"), ctx.cookie("lang"), ctx.header("Accept-Language"));
        String lang = Languages.choose(preferred, messages, fallback);
        List<String> asked = Languages.preferred(ctx.queryParam("lang"), null, null);
        if (!asked.isEmpty() && messages.supports(asked.getFirst())) {
            // only the server reads it (HttpOnly); Secure when the reader came over HTTPS, directly or through a proxy
            ctx.cookie(new Cookie("lang", asked.getFirst(), base(ctx).isEmpty() ? "/" : base(ctx), 365 * 24 * 3600,
                    https(ctx), true, null, SameSite.LAX));
        }
        return new PageText(lang, preferred, fallback, messages.all(lang));
    }

    /** What a page depends on of its reader: the language of its words, and the order of languages for operator text. */
    private static String reader(PageText text) {
        return text.lang() + "|" + String.join(",", text.preferred());
    }

    /** The query parameters a language link keeps ({@code kind=incident&}), each followed by {@code &}. */
    private static String kept(Context ctx) {
        StringBuilder kept = new StringBuilder();
        for (String name : KEPT_ON_LANGUAGE_CHANGE) {
            String value = ctx.queryParam(name);
            if (value != null && !value.isBlank()) {
                kept.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&');
            }
        }
        return kept.toString();
    }

    /**
     * Whether the reader's request came over HTTPS. {@code X-Forwarded-Proto} is taken from anyone: a
     * forged one only makes the forger's own language cookie one their browser keeps from plain HTTP.
     */
    private static boolean https(Context ctx) {
        String forwarded = ctx.header("X-Forwarded-Proto");
        return "https".equalsIgnoreCase(ctx.scheme())
                || forwarded != null && "https".equalsIgnoreCase(forwarded.split(",")[0].strip());
    }

    /** Where the pages live: the host application's context path (router.contextPath) plus our mount prefix. */
    private String base(Context ctx) {
        return ctx.contextPath() + basePath;
    }

    private Map<String, Object> live(Context ctx, String view) {
        String base = base(ctx);
        Map<String, Object> script = new LinkedHashMap<>();
        script.put("view", view);
        script.put("stream", base + "/api/status/stream");
        script.put("api", base + "/api/status");
        script.put("base", base);
        return script;
    }

    private static Map<String, Object> scriptText(PageText text, long version) {
        Map<String, Object> script = new LinkedHashMap<>();
        script.put("lang", text.lang());
        script.put("preferred", text.preferred());
        script.put("fallback", text.fallback());
        script.put("version", version);
        script.put("text", text.messages());
        return script;
    }

    /** The frame of a page; the branding's name wins over the configured one, which wins over the default. */
    private Pages.Frame frame(Context ctx, PageText text, String title, Map<String, Object> script, Branding branding) {
        String brand = branding.name() != null ? branding.name() : siteName != null ? siteName : text.t("page.title");
        Map<String, Object> data = new LinkedHashMap<>(script);
        data.put("brand", brand);
        String base = base(ctx);
        String logo = BrandingAssets.logoPath(branding);
        String theme = BrandingAssets.themePath(branding);
        return new Pages.Frame(text, base, title, brand, messages.names(), script.containsKey("stream"),
                Json.write(data), Assets.VERSION, kept(ctx), subscribe, new Pages.Look(logo == null ? null : base + logo,
                        theme == null ? null : base + theme, branding.homeUrl(), branding.supportUrl()));
    }

    /**
     * A short page of the subscription flow in the reader's language, never cached: a title, a paragraph
     * (its {@code {0}} is the page's name), and, when {@code action} is given, a form whose one button
     * POSTs there (so that a mail scanner following a link changes nothing).
     *
     * @param action    where the button posts, under the pages' base; null for no button
     * @param buttonKey the button's words
     */
    public void notice(Context ctx, int code, String titleKey, String bodyKey, String action, String buttonKey) {
        PageText text = reader(ctx);
        Branding branding = status.snapshot().branding();
        String brand = branding.name() != null ? branding.name() : siteName != null ? siteName : text.t("page.title");
        Map<String, Object> script = new LinkedHashMap<>(scriptText(text, 0));
        script.put("view", "notice");
        var page = new Pages.NoticePage(frame(ctx, text, text.t(titleKey), script, branding), text.t(titleKey), text.t(bodyKey, brand),
                action == null ? null : base(ctx) + action, buttonKey == null ? null : text.t(buttonKey));
        render(ctx, code, "notice.jte", Map.of("page", page));
        ctx.header("Cache-Control", "no-store");
    }

    private void error(Context ctx, PageText text, int code, String message) {
        Map<String, Object> script = new LinkedHashMap<>(scriptText(text, 0));
        script.put("view", "error");
        var page = new Pages.ErrorPage(frame(ctx, text, message, script, status.snapshot().branding()), code, message);
        render(ctx, code, "error.jte", Map.of("page", page));
    }

    private void render(Context ctx, int code, String template, Map<String, Object> params) {
        var output = new StringOutput();
        templates.render(template, params, output);
        ctx.status(code).header("Cache-Control", "no-cache").header("Vary", "Accept-Language, Cookie")
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY).header("Referrer-Policy", REFERRER_POLICY)
                .html(output.toString());
    }

    private RenderedCache.Rendered html(long version, String template, Map<String, Object> params) {
        var output = new StringOutput();
        templates.render(template, params, output);
        return RenderedCache.Rendered.of(version, "text/html; charset=utf-8", output.toString());
    }

    private static void send(Context ctx, RenderedCache.Rendered page) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY).header("Referrer-Policy", REFERRER_POLICY);
        PublicRead.sendPage(ctx, page, "Accept-Language, Cookie");
    }
}
