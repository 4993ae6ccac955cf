package dev.statusstream.server.console;

import dev.statusstream.StatusStream;
import dev.statusstream.internal.TargetAddresses;
import dev.statusstream.server.branding.LogoFetcher;
import dev.statusstream.server.page.Messages;
import dev.statusstream.server.security.TrustedProxies;
import gg.jte.TemplateEngine;
import io.javalin.config.JavalinConfig;

/**
 * The console's route table, at {@code /admin}. Every POST is a form checked by {@link ConsoleAuth#checkForm}:
 * {@code page} and {@code form} check the session (and a form's origin and token) before the handler runs;
 * {@code html} leaves that to the handler (signing in, a one-time link, the branding form's size check).
 */
public final class ConsoleRoutes {
    private ConsoleRoutes() {
    }

    public static void register(JavalinConfig javalin, StatusStream status, TemplateEngine templates, TrustedProxies proxies) {
        var auth = new ConsoleAuth(status, proxies);
        var renderer = new ConsoleRenderer(status, templates, auth);
        var signIn = new SignInPages(renderer);
        var incidents = new IncidentPages(renderer, Messages.load());
        var manage = new ManagePages(renderer);
        var monitors = new MonitorPages(renderer);
        var r = javalin.routes;

        r.get("/admin/signin", renderer.html(signIn::form));
        r.post("/admin/signin", renderer.html(signIn::signIn));
        r.post("/admin/signout", renderer.form(signIn::signOut));
        r.post("/admin/signout-everywhere", renderer.form(signIn::signOutEverywhere));
        r.get("/admin/welcome/{secret}", renderer.html(signIn::welcome));
        r.post("/admin/welcome/{secret}", renderer.html(signIn::setPassword));

        r.get("/admin", renderer.page(incidents::overview));
        r.post("/admin/status", renderer.form(incidents::setStatus));
        r.post("/admin/incidents", renderer.form(incidents::open));
        r.post("/admin/maintenance", renderer.form(incidents::schedule));
        r.get("/admin/incidents/{slug}", renderer.page(incidents::show));
        r.post("/admin/incidents/{slug}/updates", renderer.form(incidents::update));
        r.post("/admin/incidents/{slug}/resolve", renderer.form(incidents::resolve));
        r.post("/admin/incidents/{slug}/reschedule", renderer.form(incidents::reschedule));

        r.get("/admin/services", renderer.page(manage::services));
        r.post("/admin/services", renderer.form(manage::addService));
        r.post("/admin/services/{id}", renderer.form(manage::editService));
        r.post("/admin/services/{id}/move", renderer.form(manage::moveService));
        r.post("/admin/services/{id}/remove", renderer.form(manage::removeService));
        r.post("/admin/publish", renderer.form(manage::publish));
        r.get("/admin/operators", renderer.page(manage::operators));
        r.post("/admin/operators", renderer.form(manage::addOperator));
        r.post("/admin/operators/{name}/role", renderer.form(manage::changeRole));
        r.post("/admin/operators/{name}/link", renderer.form(manage::reissueLink));
        r.post("/admin/operators/{name}/remove", renderer.form(manage::removeOperator));
        r.get("/admin/tokens", renderer.page(manage::tokens));
        r.post("/admin/tokens", renderer.form(manage::createToken));
        r.post("/admin/tokens/{name}/revoke", renderer.form(manage::revokeToken));
        r.get("/admin/audit", renderer.page(manage::audit));

        // ---- templates, postmortems, branding and subscribers ----
        var templatePages = new TemplatePages(renderer);
        var logos = new LogoFetcher(TargetAddresses.of(status.config().allowPrivateTargets()), LogoFetcher.TIMEOUT);
        javalin.events.serverStopped(logos::close);
        javalin.events.serverStartFailed(logos::close);
        var branding = new BrandingPages(renderer, logos);
        var subscribers = new SubscriberPages(renderer);
        r.post("/admin/incidents/{slug}/edit", renderer.form(incidents::edit));
        r.post("/admin/incidents/{slug}/postmortem", renderer.form(incidents::postmortem));
        r.post("/admin/incidents/{slug}/postmortem/remove", renderer.form(incidents::removePostmortem));
        r.get("/admin/templates", renderer.page(templatePages::list));
        r.post("/admin/templates", renderer.form(templatePages::add));
        r.get("/admin/templates/{name}/open", renderer.page(incidents::fromTemplate));
        r.post("/admin/templates/{name}", renderer.form(templatePages::edit));
        r.post("/admin/templates/{name}/remove", renderer.form(templatePages::remove));
        r.get("/admin/branding", renderer.page(branding::show));
        r.post("/admin/branding", renderer.html(branding::set));
        r.get("/admin/subscribers", renderer.page(subscribers::list));
        r.post("/admin/subscribers", renderer.form(subscribers::add));
        r.post("/admin/subscribers/{id}/remove", renderer.form(subscribers::remove));
        r.get("/admin/monitors", renderer.page(monitors::list));
        r.post("/admin/monitors", renderer.form(monitors::add));
        r.post("/admin/monitors/{monitor}/paused", renderer.form(monitors::pause));
        r.post("/admin/monitors/{monitor}/remove", renderer.form(monitors::remove));
        r.post("/admin/services/{id}/control", renderer.form(monitors::setControl));
    }
}
