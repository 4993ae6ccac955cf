package dev.statusstream.server.api;

import dev.statusstream.Snapshot;
import dev.statusstream.StatusStream;
import io.javalin.http.Context;

/**
 * {@code GET /api/status}: the current snapshot, rendered once per version. Public, CORS {@code *} without
 * credentials, {@code 304} for a poller whose copy is current. The standalone server answers it before
 * Javalin's servlet, through {@link DirectStatusRead}; this route answers it under a mount.
 */
public final class StatusApi {
    private static final String REPRESENTATION = "api/status";

    private final StatusStream status;
    private final RenderedCache cache;

    public StatusApi(StatusStream status, RenderedCache cache) {
        this.status = status;
        this.cache = cache;
    }

    /** The snapshot this node serves now, with its rendered copy. */
    record Read(Snapshot snapshot, RenderedCache.Rendered rendered) {
    }

    Read read() {
        Snapshot snapshot = status.snapshot();
        var rendered = cache.get(REPRESENTATION, snapshot.version(),
                () -> RenderedCache.Rendered.of(snapshot.version(), "application/json", snapshot.toJson()));
        return new Read(snapshot, rendered);
    }

    /** As {@link #read()} when the copy of the current snapshot is rendered already, else null. */
    Read kept() {
        Snapshot snapshot = status.snapshot();
        var rendered = cache.kept(REPRESENTATION, snapshot.version());
        return rendered == null ? null : new Read(snapshot, rendered);
    }

    public void snapshot(Context ctx) {
        Read read = read();
        PublicRead.send(ctx, read.snapshot(), read.rendered());
    }
}
