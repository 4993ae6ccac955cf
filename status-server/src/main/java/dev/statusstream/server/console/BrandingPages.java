package dev.statusstream.server.console;

import dev.statusstream.Branding;
import dev.statusstream.LogoImage;
import dev.statusstream.Role;
import dev.statusstream.Session;
import dev.statusstream.SetBranding;
import dev.statusstream.ValidationException;
import dev.statusstream.server.api.HttpError;
import dev.statusstream.server.branding.BrandingAssets;
import dev.statusstream.server.branding.LogoFetcher;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;

/**
 * The page's branding (admins): name, accent colour, links, and a logo uploaded (SVG or PNG) or fetched
 * once from a URL by the server, checked and cleaned the same way, then served from our own origin. The
 * form is {@code multipart/form-data}; its size is checked from {@code Content-Length} before any of it is
 * parsed. Thread-safe.
 */
final class BrandingPages extends ConsolePages {
    /** The largest branding form: a logo of at most {@link LogoImage#MAX_BYTES} and the short fields. */
    static final int MAX_FORM = LogoImage.MAX_BYTES + 16 * 1024;

    private final LogoFetcher fetcher;

    BrandingPages(ConsoleRenderer renderer, LogoFetcher fetcher) {
        super(renderer);
        this.fetcher = fetcher;
    }

    /** {@code GET /admin/branding}. */
    void show(Context ctx, Session session) {
        ConsoleAuth.requireRole(session, Role.ADMIN);
        Branding branding = status.snapshot().branding();
        renderer.render(ctx, 200, "console/branding.jte", new ContentViews.BrandingPage(renderer.frame(session, "Branding", "branding"),
                branding, BrandingAssets.logoPath(branding)));
    }

    /**
     * {@code POST /admin/branding}: every text field as shown (blank removes it); the logo is replaced by an
     * uploaded file or the image at {@code logoUrl}, removed with {@code removeLogo}, else kept.
     */
    void set(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        if (length < 0) {
            throw new HttpError(411, "the branding form must be sent with its length", "Content-Length");
        }
        if (length > MAX_FORM) {
            throw new HttpError(413, "the form is " + length / 1024 + " KB; a logo may be at most " + LogoImage.MAX_BYTES / 1024 + " KB",
                    "logo");
        }
        Session session = auth.checkForm(ctx, true);
        // the role before anything is fetched: a responder must not make the server call a URL
        ConsoleAuth.requireRole(session, Role.ADMIN);
        LogoImage logo = uploaded(ctx.uploadedFile("logo"));
        String url = Forms.optional(ctx, "logoUrl");
        boolean remove = ctx.formParam("removeLogo") != null;
        if ((logo != null ? 1 : 0) + (url != null ? 1 : 0) + (remove ? 1 : 0) > 1) {
            throw new ValidationException("logo", "choose one: upload a file, give a URL, or remove the logo");
        }
        if (url != null) {
            logo = fetcher.fetch(url);
        }
        renderer.execute(ctx, session, new SetBranding(field(ctx, "name"), field(ctx, "accentColor"), logo, remove,
                field(ctx, "homeUrl"), field(ctx, "supportUrl")));
        ConsoleRenderer.back(ctx, "/admin/branding");
    }

    /** A field as sent; blank (or absent) is empty, which removes it. */
    private static String field(Context ctx, String name) {
        String value = Forms.optional(ctx, name);
        return value == null ? "" : value;
    }

    private static LogoImage uploaded(UploadedFile file) {
        if (file == null || file.size() == 0) {
            return null;
        }
        if (file.size() > LogoImage.MAX_BYTES) {
            throw new ValidationException("logo", "is " + file.size() / 1024 + " KB; at most " + LogoImage.MAX_BYTES / 1024 + " KB are allowed");
        }
        try (InputStream in = file.content()) {
            return LogoImage.fromFile(file.filename() == null ? "" : file.filename(), in.readNBytes(LogoImage.MAX_BYTES + 1));
        } catch (IOException e) {
            throw new ValidationException("logo", "could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }
}
