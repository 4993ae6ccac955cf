package dev.statusstream.server.console;

import dev.statusstream.StatusStream;
import dev.statusstream.internal.TargetAddresses;
import dev.statusstream.server.branding.LogoFetcher;
import dev.statusstream.server.page.Messages;
import dev.statusstream.server.security.TrustedProxies;
import gg.jte.TemplateEngine;
import io.javalin.config.JavalinConfig;

/** The console's route table, at {@code /admin}. Every POST is a form checked by {@link ConsoleAuth#checkForm}. */
public final class ConsoleRoutes {
    private ConsoleRoutes() {
    }

    public static void register(JavalinConfig javalin, StatusStream status, TemplateEngine templates, TrustedProxies proxies) {
        var auth = new ConsoleAuth(status, proxies);
        var renderer = new ConsoleRenderer(status, templates, auth);
        var signIn = new SignInPages(status, auth, renderer);
        var incidents = new IncidentPages(status, auth, renderer, Messages.load());
        var manage = new ManagePages(status, auth, renderer);
        var monitors = new MonitorPages(status, auth, renderer);
        var r = javalin.routes;

        r.get("/admin/signin", renderer.html(signIn::form));
        r.post("/admin/signin", renderer.html(signIn::signIn));
        r.post("/admin/signout", renderer.html(signIn::signOut));
        r.post("/admin/signout-everywhere", renderer.html(signIn::signOutEverywhere));
        r.get("/admin/welcome/{secret}", renderer.html(signIn::welcome));
        r.post("/admin/welcome/{secret}", renderer.html(signIn::setPassword));

        r.get("/admin", renderer.html(incidents::overview));
        r.post("/admin/status", renderer.html(incidents::setStatus));
        r.post("/admin/incidents", renderer.html(incidents::open));
        r.post("/admin/maintenance", renderer.html(incidents::schedule));
        r.get("/admin/incidents/{slug}", renderer.html(incidents::show));
        r.post("/admin/incidents/{slug}/updates", renderer.html(incidents::update));
        r.post("/admin/incidents/{slug}/resolve", renderer.html(incidents::resolve));
        r.post("/admin/incidents/{slug}/reschedule", renderer.html(incidents::reschedule));

        r.get("/admin/services", renderer.html(manage::services));
        r.post("/admin/services", renderer.html(manage::addService));
        r.post("/admin/services/{id}", renderer.html(manage::editService));
        r.post("/admin/services/{id}/move", renderer.html(manage::moveService));
        r.post("/admin/services/{id}/remove", renderer.html(manage::removeService));
        r.get("/admin/operators", renderer.html(manage::operators));
        r.post("/admin/operators", renderer.html(manage::addOperator));
        r.post("/admin/operators/{name}/role", renderer.html(manage::changeRole));
        r.post("/admin/operators/{name}/link", renderer.html(manage::reissueLink));
        r.post("/admin/operators/{name}/remove", renderer.html(manage::removeOperator));
        r.get("/admin/tokens", renderer.html(manage::tokens));
        r.post("/admin/tokens", renderer.html(manage::createToken));
        r.post("/admin/tokens/{name}/revoke", renderer.html(manage::revokeToken));
        r.get("/admin/audit", renderer.html(manage::audit));

        // ---- templates, postmortems, branding and subscribers ----
        var templatePages = new TemplatePages(status, auth, renderer);
        var logos = new LogoFetcher(TargetAddresses.of(status.config().allowPrivateTargets()), LogoFetcher.TIMEOUT);
        javalin.events.serverStopped(logos::close);
        javalin.events.serverStartFailed(logos::close);
        var branding = new BrandingPages(status, auth, renderer, logos);
        var subscribers = new SubscriberPages(status, auth, renderer);
        r.post("/admin/incidents/{slug}/edit", renderer.html(incidents::edit));
        r.post("/admin/incidents/{slug}/postmortem", renderer.html(incidents::postmortem));
        r.post("/admin/incidents/{slug}/postmortem/remove", renderer.html(incidents::removePostmortem));
        r.get("/admin/templates", renderer.html(templatePages::list));
        r.post("/admin/templates", renderer.html(templatePages::add));
        r.get("/admin/templates/{name}/open", renderer.html(incidents::fromTemplate));
        r.post("/admin/templates/{name}", renderer.html(templatePages::edit));
        r.post("/admin/templates/{name}/remove", renderer.html(templatePages::remove));
        r.get("/admin/branding", renderer.html(branding::show));
        r.post("/admin/branding", renderer.html(branding::set));
        r.get("/admin/subscribers", renderer.html(subscribers::list));
        r.post("/admin/subscribers", renderer.html(subscribers::add));
        r.post("/admin/subscribers/{id}/remove", renderer.html(subscribers::remove));
        r.get("/admin/monitors", renderer.html(monitors::list));
        r.post("/admin/monitors", renderer.html(monitors::add));
        r.post("/admin/monitors/{monitor}/paused", renderer.html(monitors::pause));
        r.post("/admin/monitors/{monitor}/remove", renderer.html(monitors::remove));
        r.post("/admin/services/{id}/control", renderer.html(monitors::setControl));
    }
}
