package dev.statusstream.server.console;

import dev.statusstream.StatusStream;
import io.javalin.http.Context;

/**
 * What every group of console pages works with: the library, the session check and the renderer. The
 * route table checks the session (and a form's origin and token) before a page's handler runs; see
 * {@link ConsoleRenderer#page} and {@link ConsoleRenderer#form}. Thread-safe.
 */
abstract class ConsolePages {
    final StatusStream status;
    final ConsoleAuth auth;
    final ConsoleRenderer renderer;

    ConsolePages(ConsoleRenderer renderer) {
        this.status = renderer.status();
        this.auth = renderer.auth();
        this.renderer = renderer;
    }

    /** The language texts entered in the console are in. */
    String language() {
        return status.config().defaultLanguage();
    }

    /** {@code path} of this console as an absolute URL, for a link shown once (a push URL, a one-time link). */
    String absolute(Context ctx, String path) {
        return (auth.https(ctx) ? "https://" : "http://") + ctx.host() + ctx.contextPath() + path;
    }
}
