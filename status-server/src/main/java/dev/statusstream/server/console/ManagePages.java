package dev.statusstream.server.console;

import dev.statusstream.Accounts;
import dev.statusstream.AddOperator;
import dev.statusstream.AddService;
import dev.statusstream.AuditPage;
import dev.statusstream.AuditQuery;
import dev.statusstream.ChangeOperatorRole;
import dev.statusstream.CreateToken;
import dev.statusstream.EditService;
import dev.statusstream.IssuedLink;
import dev.statusstream.IssuedToken;
import dev.statusstream.NewService;
import dev.statusstream.Operator;
import dev.statusstream.Publication;
import dev.statusstream.Publish;
import dev.statusstream.ReissueLink;
import dev.statusstream.RemoveOperator;
import dev.statusstream.RemoveService;
import dev.statusstream.ReorderServices;
import dev.statusstream.RevokeToken;
import dev.statusstream.Role;
import dev.statusstream.Service;
import dev.statusstream.ServicePatch;
import dev.statusstream.Session;
import dev.statusstream.ValidationException;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * Services, operators, tokens (admins) and the audit log (everyone). A token or a one-time link is shown
 * on the page that answers the form, once, and never put in a URL. Thread-safe.
 */
final class ManagePages extends ConsolePages {
    ManagePages(ConsoleRenderer renderer) {
        super(renderer);
    }

    // ---- services ----

    void services(Context ctx, Session session) {
        showServices(ctx, session, null);
    }

    /**
     * Announces the current version again (what {@code status publish} does) and says on the services page
     * what went out: PostgreSQL's announcement always, Redis's when it is configured and answered.
     */
    void publish(Context ctx, Session session) {
        Publication publication = renderer.execute(ctx, session, new Publish()).value();
        String redis = switch (publication.redis()) {
            case PUBLISHED -> "Redis has it in its cache and on its channel.";
            case NOT_CONFIGURED -> "This server has no Redis.";
            case FAILED -> "Redis did not take it (" + publication.redisError() + "); nodes that missed it load it from PostgreSQL.";
        };
        showServices(ctx, session, "Version " + publication.version() + " announced again through PostgreSQL. " + redis);
    }

    private void showServices(Context ctx, Session session, String announced) {
        renderer.render(ctx, 200, "console/services.jte", new ConsoleViews.Services(renderer.frame(session, "Services", "services"),
                status.snapshot().services(), status.automation().controls(), announced));
    }

    void addService(Context ctx, Session session) {
        renderer.execute(ctx, session, new AddService(new NewService(Forms.required(ctx, "id"),
                Forms.text(ctx, "label", language()), Forms.optional(ctx, "category"), Forms.text(ctx, "description", language()), null)));
        ConsoleRenderer.back(ctx, "/admin/services");
    }

    void editService(Context ctx, Session session) {
        String id = Service.checkId(ctx.pathParam("id"));
        String category = ctx.formParam("category");
        renderer.execute(ctx, session, new EditService(id, new ServicePatch(Forms.text(ctx, "label", language()),
                category == null ? null : category.strip(), Forms.text(ctx, "description", language()), null)));
        ConsoleRenderer.back(ctx, "/admin/services");
    }

    /** Moves a service one place up or down. */
    void moveService(Context ctx, Session session) {
        String id = Service.checkId(ctx.pathParam("id"));
        String direction = Forms.required(ctx, "direction");
        List<String> ids = new ArrayList<>(status.snapshot().services().stream().map(Service::id).toList());
        int at = ids.indexOf(id);
        int to = direction.equals("up") ? at - 1 : direction.equals("down") ? at + 1 : -2;
        if (to == -2) {
            throw new ValidationException("direction", "must be up or down");
        }
        if (at >= 0 && to >= 0 && to < ids.size()) {
            ids.add(to, ids.remove(at));
            renderer.execute(ctx, session, new ReorderServices(ids));
        } else {
            ConsoleAuth.requireRole(session, Role.ADMIN); // nothing to move, but a viewer still learns it is not theirs
        }
        ConsoleRenderer.back(ctx, "/admin/services");
    }

    void removeService(Context ctx, Session session) {
        renderer.execute(ctx, session, new RemoveService(Service.checkId(ctx.pathParam("id"))));
        ConsoleRenderer.back(ctx, "/admin/services");
    }

    // ---- operators ----

    void operators(Context ctx, Session session) {
        ConsoleAuth.requireRole(session, Role.ADMIN);
        showOperators(ctx, session, 200, null, null);
    }

    private void showOperators(Context ctx, Session session, int code, String issuedFor, String issued) {
        List<Operator> operators = status.accounts().operators(null, Accounts.MAX_PAGE);
        renderer.render(ctx, code, "console/operators.jte", new ConsoleViews.Operators(issued == null ? renderer.frame(session, "Operators", "operators")
                : renderer.frame(session, "Operators", "operators").answering(),
                operators, issuedFor, issued));
    }

    void addOperator(Context ctx, Session session) {
        IssuedLink link = renderer.execute(ctx, session, new AddOperator(Forms.required(ctx, "name"),
                Role.parse(Forms.required(ctx, "role")))).value();
        showOperators(ctx, session, 201, link.operator().name(), absolute(ctx, link.path()));
    }

    void reissueLink(Context ctx, Session session) {
        IssuedLink link = renderer.execute(ctx, session, new ReissueLink(ctx.pathParam("name"))).value();
        showOperators(ctx, session, 200, link.operator().name(), absolute(ctx, link.path()));
    }

    void changeRole(Context ctx, Session session) {
        renderer.execute(ctx, session, new ChangeOperatorRole(ctx.pathParam("name"), Role.parse(Forms.required(ctx, "role"))));
        ConsoleRenderer.back(ctx, "/admin/operators");
    }

    void removeOperator(Context ctx, Session session) {
        renderer.execute(ctx, session, new RemoveOperator(ctx.pathParam("name")));
        ConsoleRenderer.back(ctx, "/admin/operators");
    }

    // ---- tokens ----

    void tokens(Context ctx, Session session) {
        ConsoleAuth.requireRole(session, Role.ADMIN);
        showTokens(ctx, session, 200, null, null);
    }

    private void showTokens(Context ctx, Session session, int code, String issuedName, String issued) {
        renderer.render(ctx, code, "console/tokens.jte", new ConsoleViews.Tokens(issued == null ? renderer.frame(session, "API tokens", "tokens")
                : renderer.frame(session, "API tokens", "tokens").answering(),
                status.accounts().tokens(null, Accounts.MAX_PAGE), issuedName, issued));
    }

    void createToken(Context ctx, Session session) {
        IssuedToken token = renderer.execute(ctx, session, new CreateToken(Forms.required(ctx, "name"),
                Role.parse(Forms.required(ctx, "role")))).value();
        showTokens(ctx, session, 201, token.token().name(), token.secret());
    }

    void revokeToken(Context ctx, Session session) {
        renderer.execute(ctx, session, new RevokeToken(ctx.pathParam("name")));
        ConsoleRenderer.back(ctx, "/admin/tokens");
    }

    // ---- audit ----

    void audit(Context ctx, Session session) {
        String before = ctx.queryParam("before");
        if (before != null && !before.matches("[0-9]{1,18}")) {
            throw new ValidationException("before", "must be a whole number");
        }
        var query = new AuditQuery(ctx.queryParam("actor"), ctx.queryParam("target"), before == null ? null : Long.parseLong(before), 50);
        AuditPage page = status.accounts().audit(query);
        renderer.render(ctx, 200, "console/audit.jte", new ConsoleViews.Audit(renderer.frame(session, "Audit log", "audit"),
                page.entries(), page.next(), query.actor(), query.target()));
    }
}
