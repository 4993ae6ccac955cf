package dev.statusstream.server.console;

import dev.statusstream.EditIncident;
import dev.statusstream.FromTemplate;
import dev.statusstream.IncidentTemplate;
import dev.statusstream.LocalizedText;
import dev.statusstream.Postmortem;
import dev.statusstream.RemovePostmortem;
import dev.statusstream.SetPostmortem;
import dev.statusstream.ValidationException;
import dev.statusstream.Incident;
import dev.statusstream.IncidentKind;
import dev.statusstream.IncidentPatch;
import dev.statusstream.IncidentState;
import dev.statusstream.IncidentUpdate;
import dev.statusstream.NewIncident;
import dev.statusstream.NotFoundException;
import dev.statusstream.OpenIncident;
import dev.statusstream.ResolveIncident;
import dev.statusstream.Role;
import dev.statusstream.Service;
import dev.statusstream.Session;
import dev.statusstream.SetStatus;
import dev.statusstream.Snapshot;
import dev.statusstream.Status;
import dev.statusstream.UpdateIncident;
import dev.statusstream.server.page.Messages;
import dev.statusstream.server.page.PageText;
import dev.statusstream.server.page.PageView;
import dev.statusstream.server.page.Views;
import gg.jte.Content;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The overview, statuses, incidents and maintenance: what a responder needs during an outage. Each
 * incident is previewed with the public page's own template, so what the console shows is what readers
 * will see. Thread-safe.
 */
final class IncidentPages extends ConsolePages {
    private final Messages messages;

    IncidentPages(ConsoleRenderer renderer, Messages messages) {
        super(renderer);
        this.messages = messages;
    }

    /** {@code GET /admin}: what readers see now, and the forms to change it. */
    void overview(Context ctx, Session session) {
        Snapshot snapshot = status.snapshot();
        List<Incident> open = snapshot.incidents().stream().filter(Incident::isOpen).toList();
        renderer.render(ctx, 200, "console/overview.jte", new ConsoleViews.Overview(renderer.frame(session, "Overview", "overview"),
                snapshot.services(), open, snapshot.statusLabel().toString(), language()));
    }

    /** {@code POST /admin/status}: a service's status and summary in one step. */
    void setStatus(Context ctx, Session session) {
        renderer.execute(ctx, session, new SetStatus(Service.checkId(Forms.required(ctx, "service")),
                Status.parse(Forms.required(ctx, "status")), Forms.text(ctx, "summary", language())));
        ConsoleRenderer.back(ctx, "/admin");
    }

    /** {@code POST /admin/incidents}: opens it, or with {@code preview} shows the form again with the public rendering. */
    void open(Context ctx, Session session) {
        ConsoleAuth.requireRole(session, Role.RESPONDER);
        NewIncident incident = new NewIncident(Forms.text(ctx, "title", language()), Status.parse(Forms.required(ctx, "impact")),
                Forms.choices(ctx, "services"), Forms.text(ctx, "body", language()), IncidentKind.INCIDENT, null, null, null, null,
                null, null, null);
        if (ctx.formParam("preview") != null) {
            showDraft(ctx, session, incident, Forms.optional(ctx, "title"), Forms.optional(ctx, "body"));
            return;
        }
        Incident opened = renderer.execute(ctx, session, new OpenIncident(incident)).value();
        ConsoleRenderer.back(ctx, "/admin/incidents/" + opened.slug());
    }

    /** The new-incident form filled with {@code incident}, under what the public page would show; opens nothing. */
    private void showDraft(Context ctx, Session session, NewIncident incident, String title, String body) {
        Snapshot snapshot = status.snapshot();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var draft = new Incident("preview", "preview", IncidentKind.INCIDENT, incident.impact(), IncidentState.INVESTIGATING,
                incident.serviceIds(), incident.title(), null, now, now, now, null, null, null, null, null, null,
                incident.body() == null || incident.body().isEmpty() ? List.of()
                        : List.of(new IncidentUpdate("preview", IncidentState.INVESTIGATING, incident.body(), now)));
        renderer.render(ctx, 200, "console/draft.jte", new ConsoleViews.Draft(renderer.frame(session, "New incident", "overview").answering(),
                snapshot.services(), title, incident.impact().wireName(), incident.serviceIds(), body, preview(snapshot, draft)));
    }

    /**
     * {@code GET /admin/templates/{name}/open}: the new-incident form filled from a template, with its preview;
     * the responder changes what this incident needs and opens it (or previews again).
     */
    void fromTemplate(Context ctx, Session session) {
        ConsoleAuth.requireRole(session, Role.RESPONDER);
        String name = IncidentTemplate.checkName(ctx.pathParam("name"));
        IncidentTemplate template = status.template(name).orElseThrow(() -> new NotFoundException("name", "no template named '" + name + "'"));
        NewIncident incident = FromTemplate.of(name).fill(template);
        List<String> lang = List.of(language());
        showDraft(ctx, session, incident, template.title().resolve(lang, language()),
                template.body().isEmpty() ? null : template.body().resolve(lang, language()));
    }

    /** {@code POST /admin/maintenance}: schedules a window (times in UTC). */
    void schedule(Context ctx, Session session) {
        NewIncident window = new NewIncident(Forms.text(ctx, "title", language()), Status.MAINTENANCE, Forms.choices(ctx, "services"),
                Forms.text(ctx, "body", language()), IncidentKind.MAINTENANCE, null, Forms.utc(ctx, "starts"), Forms.utc(ctx, "ends"),
                null, null, null, null);
        Incident opened = renderer.execute(ctx, session, new OpenIncident(window)).value();
        ConsoleRenderer.back(ctx, "/admin/incidents/" + opened.slug());
    }

    /** {@code GET /admin/incidents/{slug}}: the incident as readers see it, and its forms. */
    void show(Context ctx, Session session) {
        String slug = Incident.checkSlug(ctx.pathParam("slug"));
        Incident incident = status.incident(slug).orElseThrow(() -> new NotFoundException("slug", "no incident with slug '" + slug + "'"));
        renderer.render(ctx, 200, "console/incident.jte", new ConsoleViews.IncidentPage(
                renderer.frame(session, "Incident", "overview"), incident, preview(status.snapshot(), incident),
                ConsoleViews.states(incident), status.snapshot().services()));
    }

    /** {@code POST /admin/incidents/{slug}/updates}. */
    void update(Context ctx, Session session) {
        String slug = Incident.checkSlug(ctx.pathParam("slug"));
        renderer.execute(ctx, session, new UpdateIncident(slug, IncidentState.parse(Forms.required(ctx, "state")),
                Forms.text(ctx, "body", language())));
        ConsoleRenderer.back(ctx, "/admin/incidents/" + slug);
    }

    /** {@code POST /admin/incidents/{slug}/resolve}. */
    void resolve(Context ctx, Session session) {
        String slug = Incident.checkSlug(ctx.pathParam("slug"));
        renderer.execute(ctx, session, new ResolveIncident(slug, Forms.text(ctx, "body", language())));
        ConsoleRenderer.back(ctx, "/admin/incidents/" + slug);
    }

    /** {@code POST /admin/incidents/{slug}/reschedule}: a maintenance window's new times (UTC). */
    void reschedule(Context ctx, Session session) {
        String slug = Incident.checkSlug(ctx.pathParam("slug"));
        renderer.execute(ctx, session, new EditIncident(slug, new IncidentPatch(null, null, null, null, null, null, null,
                Forms.utc(ctx, "starts"), Forms.utc(ctx, "ends"))));
        ConsoleRenderer.back(ctx, "/admin/incidents/" + slug);
    }

    /**
     * {@code POST /admin/incidents/{slug}/edit}: what the incident says or covers, without posting an update. The
     * form shows every field: a blank description, cause or link removes it; texts in other languages stay.
     */
    void edit(Context ctx, Session session) {
        ConsoleAuth.requireRole(session, Role.RESPONDER); // before anything is looked up
        String slug = Incident.checkSlug(ctx.pathParam("slug"));
        Incident incident = status.incident(slug).orElseThrow(() -> new NotFoundException("slug", "no incident with slug '" + slug + "'"));
        String link = Forms.optional(ctx, "link");
        renderer.execute(ctx, session, new EditIncident(slug, new IncidentPatch(
                incident.title().merge(LocalizedText.of(language(), Forms.required(ctx, "title"))), Status.parse(Forms.required(ctx, "impact")),
                Forms.choices(ctx, "services"), replaced(incident.description(), Forms.optional(ctx, "description")),
                replaced(incident.cause(), Forms.optional(ctx, "cause")), link == null ? "" : link, null, null, null)));
        ConsoleRenderer.back(ctx, "/admin/incidents/" + slug);
    }

    /** The text with its default language replaced, or removed when {@code value} is blank. */
    private LocalizedText replaced(LocalizedText current, String value) {
        return value == null ? LocalizedText.EMPTY : (current == null ? LocalizedText.EMPTY : current).merge(LocalizedText.of(language(), value));
    }

    /**
     * {@code POST /admin/incidents/{slug}/postmortem}: publishes or replaces it, or with {@code preview} shows the
     * incident as readers would see it with this postmortem, changing nothing.
     */
    void postmortem(Context ctx, Session session) {
        ConsoleAuth.requireRole(session, Role.RESPONDER);
        String slug = Incident.checkSlug(ctx.pathParam("slug"));
        String body = Forms.optional(ctx, "body", Postmortem.MAX_BODY);
        if (body == null) {
            throw new ValidationException("body", "is required (to take a postmortem off the page, remove it)");
        }
        Incident incident = status.incident(slug).orElseThrow(() -> new NotFoundException("slug", "no incident with slug '" + slug + "'"));
        LocalizedText text = (incident.postmortem() == null ? LocalizedText.EMPTY : incident.postmortem().body())
                .merge(LocalizedText.of(language(), body));
        if (ctx.formParam("preview") != null) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant published = incident.postmortem() == null ? now : incident.postmortem().publishedAt();
            renderer.render(ctx, 200, "console/postmortem.jte", new ContentViews.PostmortemDraft(
                    renderer.frame(session, "Postmortem", "overview").answering(), slug, body,
                    preview(status.snapshot(), incident.withPostmortem(new Postmortem(text, published, now)))));
            return;
        }
        renderer.execute(ctx, session, new SetPostmortem(slug, text));
        ConsoleRenderer.back(ctx, "/admin/incidents/" + slug);
    }

    /** {@code POST /admin/incidents/{slug}/postmortem/remove}. */
    void removePostmortem(Context ctx, Session session) {
        String slug = Incident.checkSlug(ctx.pathParam("slug"));
        renderer.execute(ctx, session, new RemovePostmortem(slug));
        ConsoleRenderer.back(ctx, "/admin/incidents/" + slug);
    }

    /** The public page's own markup for {@code incident}, in the page's default language. */
    private Content preview(Snapshot snapshot, Incident incident) {
        String lang = messages.supports(language()) ? language() : "en";
        PageText text = new PageText(lang, List.of(lang), lang, messages.all(lang));
        Views views = new Views(text, PageView.labels(snapshot.services(), text));
        Views.IncidentView view = views.incident(incident);
        return output -> renderer.templates().render("parts/incident.jte",
                Map.of("text", text, "base", "", "incident", view, "mode", "full"), output);
    }
}
