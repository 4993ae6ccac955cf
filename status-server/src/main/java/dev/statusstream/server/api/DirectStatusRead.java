package dev.statusstream.server.api;

import dev.statusstream.Snapshot;
import dev.statusstream.server.api.RenderedCache.Coding;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.function.BiConsumer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/**
 * {@code GET} and {@code HEAD /api/status} of the standalone server, answered by a Jetty handler in front
 * of Javalin's servlet. The bytes are already rendered, so what a poll costs is the way to them, and
 * measured under wrk (server CPU per request, same machine and load) the servlet layer (request and
 * response wrappers, the filter chain, Javalin's router and context) was about a fifth of it, and handing
 * each request from the selector to a new virtual thread about another fifth. This handler sends the very
 * reply the route does ({@link StatusApi#snapshot}: the security headers every reply carries, CORS,
 * validators, {@code 304}, brotli and gzip) with one non-blocking write of the kept buffer.
 *
 * <p>It declares itself non-blocking, so Jetty calls it on the thread that parsed the request, without a
 * hand-off; everything else (every other path, spelling and method, and this read when it fails, e.g.
 * PostgreSQL down with no copy kept, so that failures are mapped in one place) it passes to the servlet
 * layer on a thread of its own, as Jetty does for a blocking handler. Stateless; thread-safe.
 */
public final class DirectStatusRead extends Handler.Wrapper {
    private static final String PATH = "/api/status";
    private static final HttpField ALLOW_ORIGIN = new PreEncodedHttpField(PublicRead.ALLOW_ORIGIN, PublicRead.ANY_ORIGIN);
    private static final HttpField EXPOSE_HEADERS = new PreEncodedHttpField(PublicRead.EXPOSE_HEADERS, PublicRead.EXPOSED);
    private static final HttpField NO_CACHE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-cache");
    private static final HttpField VARY = new PreEncodedHttpField(HttpHeader.VARY, "Accept-Encoding");

    private final StatusApi api;
    /** Adds the headers every reply of the server carries (the security filter's, given by the server). */
    private final BiConsumer<Request, Response> secure;

    public DirectStatusRead(StatusApi api, BiConsumer<Request, Response> secure) {
        this.api = api;
        this.secure = secure;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        boolean head = HttpMethod.HEAD.is(method);
        if (!head && !HttpMethod.GET.is(method) || !PATH.equals(request.getHttpURI().getPath())) {
            request.getContext().execute(() -> next(request, response, callback));
            return true;
        }
        StatusApi.Read kept = api.kept();
        if (kept != null) {
            send(request, response, callback, kept, head);
            return true;
        }
        // a new version, rendered and compressed first (milliseconds), or waited for: never on this thread
        request.getContext().execute(() -> {
            StatusApi.Read read;
            try {
                read = api.read();
            } catch (RuntimeException e) {
                // the route behind reads again and answers the failure the way every route does
                next(request, response, callback);
                return;
            }
            send(request, response, callback, read, head);
        });
        return true;
    }

    private void send(Request request, Response response, Callback callback, StatusApi.Read read, boolean head) {
        Snapshot snapshot = read.snapshot();
        RenderedCache.Rendered rendered = read.rendered();
        HttpFields asked = request.getHeaders();
        Coding coding = PublicRead.coding(asked.get(HttpHeader.ACCEPT_ENCODING), rendered);
        String etag = rendered.etag(coding);
        boolean current = PublicRead.current(snapshot, etag, asked.get(HttpHeader.IF_NONE_MATCH),
                asked.get(HttpHeader.IF_MODIFIED_SINCE));

        secure.accept(request, response);
        HttpFields.Mutable headers = response.getHeaders();
        headers.add(ALLOW_ORIGIN);
        headers.add(EXPOSE_HEADERS);
        headers.add(HttpHeader.LAST_MODIFIED, PublicRead.lastModifiedHeader(snapshot, Instant.now()));
        headers.add(NO_CACHE);
        headers.add(HttpHeader.ETAG, etag);
        headers.add(VARY);
        if (current) {
            response.setStatus(304);
            callback.succeeded();
            return;
        }
        if (coding.token() != null) {
            headers.add(HttpHeader.CONTENT_ENCODING, coding.token());
        }
        ByteBuffer body = rendered.body(coding);
        headers.add(HttpHeader.CONTENT_TYPE, rendered.contentType());
        headers.add(HttpHeader.CONTENT_LENGTH, body.remaining());
        response.write(true, head ? BufferUtil.EMPTY_BUFFER : body, callback);
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    /** The servlet layer behind, which may block: only ever called on a thread of the context's executor. */
    private void next(Request request, Response response, Callback callback) {
        try {
            if (!super.handle(request, response, callback)) {
                Response.writeError(request, response, callback, 404);
            }
        } catch (Throwable t) {
            Response.writeError(request, response, callback, t);
        }
    }
}
