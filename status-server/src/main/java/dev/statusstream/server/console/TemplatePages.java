package dev.statusstream.server.console;

import dev.statusstream.AddTemplate;
import dev.statusstream.EditTemplate;
import dev.statusstream.IncidentTemplate;
import dev.statusstream.LocalizedText;
import dev.statusstream.NotFoundException;
import dev.statusstream.RemoveTemplate;
import dev.statusstream.Role;
import dev.statusstream.Session;
import dev.statusstream.Status;
import io.javalin.http.Context;
import java.util.List;

/**
 * Incident templates: a page of them (by name), and forms to save, change and delete one (responders).
 * Opening an incident from one is {@link IncidentPages#fromTemplate}. A template is kept behind the page:
 * none of this makes a new version. Thread-safe.
 */
final class TemplatePages extends ConsolePages {
    static final int PAGE = 20;

    TemplatePages(ConsoleRenderer renderer) {
        super(renderer);
    }

    /** {@code GET /admin/templates?after=NAME}. */
    void list(Context ctx, Session session) {
        String after = Forms.after(ctx, IncidentTemplate::checkName);
        List<IncidentTemplate> found = status.templates(after, PAGE + 1);
        List<IncidentTemplate> page = found.subList(0, Math.min(PAGE, found.size()));
        renderer.render(ctx, 200, "console/templates.jte", new ContentViews.Templates(renderer.frame(session, "Templates", "templates"),
                page, status.snapshot().services(), found.size() > PAGE ? page.getLast().name() : null));
    }

    /** {@code POST /admin/templates}. */
    void add(Context ctx, Session session) {
        renderer.execute(ctx, session, new AddTemplate(new IncidentTemplate(Forms.required(ctx, "name"),
                Forms.text(ctx, "title", language()), Forms.text(ctx, "body", language()), Status.parse(Forms.required(ctx, "impact")),
                Forms.choices(ctx, "services"))));
        ConsoleRenderer.back(ctx, "/admin/templates");
    }

    /**
     * {@code POST /admin/templates/{name}}: the form shows every field, so each is set (a blank first update
     * removes it); texts in other languages are kept.
     */
    void edit(Context ctx, Session session) {
        ConsoleAuth.requireRole(session, Role.RESPONDER); // before anything is looked up
        String name = IncidentTemplate.checkName(ctx.pathParam("name"));
        IncidentTemplate current = status.template(name).orElseThrow(() -> new NotFoundException("name", "no template named '" + name + "'"));
        String body = Forms.optional(ctx, "body");
        renderer.execute(ctx, session, new EditTemplate(name, current.title().merge(LocalizedText.of(language(), Forms.required(ctx, "title"))),
                body == null ? LocalizedText.EMPTY : current.body().merge(LocalizedText.of(language(), body)),
                Status.parse(Forms.required(ctx, "impact")), Forms.choices(ctx, "services")));
        ConsoleRenderer.back(ctx, "/admin/templates");
    }

    /** {@code POST /admin/templates/{name}/remove}. */
    void remove(Context ctx, Session session) {
        renderer.execute(ctx, session, new RemoveTemplate(IncidentTemplate.checkName(ctx.pathParam("name"))));
        ConsoleRenderer.back(ctx, "/admin/templates");
    }
}
