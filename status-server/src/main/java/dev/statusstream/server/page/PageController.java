package dev.statusstream.server.page;

import dev.statusstream.StatusStream;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.util.List;
import java.util.Map;

/** {@code GET /}: the status page, complete without JavaScript, kept live by {@code /static/status.js}. */
public final class PageController {
    private final StatusStream status;
    private final TemplateEngine templates;
    private final Messages messages;
    private final String basePath;

    /** @param basePath where the app is mounted ({@code ""} at the root, or e.g. {@code /status}) */
    public PageController(StatusStream status, TemplateEngine templates, Messages messages, String basePath) {
        this.status = status;
        this.templates = templates;
        this.messages = messages;
        this.basePath = basePath;
    }

    public void index(Context ctx) {
        String fallback = status.config().defaultLanguage();
        List<String> preferred = Languages.preferred(ctx.queryParam("lang"), ctx.cookie("lang"), ctx.header("Accept-Language"));
        String lang = Languages.choose(preferred, messages, fallback);
        String asked = ctx.queryParam("lang");
        if (asked != null && messages.supports(asked)) {
            ctx.cookie(new Cookie("lang", asked, "/", 365 * 24 * 3600, false, false, null, SameSite.LAX));
        }
        // under a host application's context path (Javalin's router.contextPath) too
        String base = ctx.contextPath() + basePath;
        var settings = Map.<String, Object>of(
                "stream", base + "/api/status/stream",
                "api", base + "/api/status");
        PageView view = PageView.of(status.snapshot(), lang, preferred, fallback, messages, settings);
        var output = new StringOutput();
        templates.render("index.jte", Map.of("page", view, "base", base,
                "scriptData", ctx.jsonMapper().toJsonString(view.script(), Map.class)), output);
        ctx.header("Cache-Control", "no-cache").header("Vary", "Accept-Language, Cookie")
                .html(output.toString());
    }
}
