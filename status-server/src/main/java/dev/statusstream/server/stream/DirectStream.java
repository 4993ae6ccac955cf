package dev.statusstream.server.stream;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/**
 * {@code GET /api/status/stream} of the standalone server, opened by a Jetty handler in front of Javalin's
 * servlet. A stream lives for hours, and for all that time the servlet layer kept its part of the exchange:
 * the servlet request, response and channel, their input, output and async state, Javalin's context with
 * its lazy fields, the request's attribute map: with this handler the live heap per stream went from 7.8
 * to 4.8 KiB (class histograms at 10,000 streams). It writes the same reply ({@link StreamHandler}'s
 * headers and the security headers every reply carries) with the same {@link StreamClient}, through
 * Jetty's own request and response.
 *
 * <p>Only the common case is taken here: a plain {@code GET} of the path, from an allowed origin, with no
 * query, admitted by the limits. Everything else goes on to the route behind, which answers it the way
 * every route does (a refused origin or a {@code ?lastEventId=}); a stream refused by the limits goes on
 * with its refusal, so it is counted once and answered in one place. It stands first, in front of
 * {@code DirectStatusRead}, and opens a new stream on the thread that parsed the request (nothing in it
 * blocks: the opening is the snapshot in memory); a reconnect naming a last event id may read what it
 * missed from PostgreSQL, so it is opened on a thread of the server's executor. Thread-safe.
 */
public final class DirectStream extends Handler.Wrapper {
    /** The refusal of a stream this handler passed on, for {@link StreamHandler} to answer. */
    static final String REFUSAL = DirectStream.class.getName() + ".refusal";
    private static final HttpField CONTENT_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
    private static final HttpField CACHE_CONTROL = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-cache, no-transform");
    private static final HttpField ACCEL_BUFFERING = new PreEncodedHttpField("X-Accel-Buffering", "no");
    private static final HttpField CLOSE = new PreEncodedHttpField(HttpHeader.CONNECTION, "close");

    private final String path;
    private final StreamHub hub;
    private final Function<Request, String> clientAddress;
    private final Function<Request, List<HttpField>> origins;
    private final BiConsumer<Request, Response> secure;

    /**
     * @param clientAddress the client's address (behind trusted proxies), as the route sees it
     * @param origins       the headers an allowed origin's reply carries, or null for a refused origin
     * @param secure        adds the headers every reply of the server carries
     */
    public DirectStream(String path, StreamHub hub, Function<Request, String> clientAddress,
            Function<Request, List<HttpField>> origins, BiConsumer<Request, Response> secure) {
        this.path = path;
        this.hub = hub;
        this.clientAddress = clientAddress;
        this.origins = origins;
        this.secure = secure;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.GET.is(request.getMethod()) || !path.equals(request.getHttpURI().getPath())
                || request.getHttpURI().getQuery() != null) {
            return super.handle(request, response, callback);
        }
        List<HttpField> allowed = origins.apply(request);
        if (allowed == null) {
            return super.handle(request, response, callback);
        }
        String address = clientAddress.apply(request);
        StreamAdmission.Refusal refusal = hub.admit(address);
        if (refusal != StreamAdmission.Refusal.NONE) {
            request.setAttribute(REFUSAL, refusal);
            return super.handle(request, response, callback);
        }
        String header = request.getHeaders().get("Last-Event-ID");
        if (header == null) {
            open(request, response, callback, address, allowed, OptionalLong.empty(), false);
            return true;
        }
        // a reconnect may read what it missed from PostgreSQL: never on the thread that parsed the request
        try {
            request.getContext().execute(() -> open(request, response, callback, address, allowed,
                    LastEventId.parse(header, null), true));
        } catch (RejectedExecutionException stopping) {
            hub.admitFailed(address);
            Response.writeError(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503);
        }
        return true;
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    private void open(Request request, Response response, Callback callback, String address, List<HttpField> allowed,
            OptionalLong lastSeen, boolean idGiven) {
        StreamClient client;
        try {
            client = prepare(request, response, address, allowed);
        } catch (RuntimeException e) {
            // the place taken for it is given back: the stream never started
            hub.admitFailed(address);
            Response.writeError(request, response, callback, e);
            return;
        }
        client.done().whenComplete((ok, error) -> callback.succeeded());
        hub.register(client, lastSeen, idGiven);
        client.watchForClose();
    }

    /** The reply's headers and the stream's client, not yet registered. */
    private StreamClient prepare(Request request, Response response, String address, List<HttpField> allowed) {
        response.setStatus(200);
        secure.accept(request, response);
        var headers = response.getHeaders();
        allowed.forEach(headers::add);
        headers.add(CONTENT_TYPE);
        headers.add(CACHE_CONTROL);
        headers.add(ACCEL_BUFFERING);
        // see StreamHandler: the body ends with the connection, and a reconnect is a new connection
        headers.add(CLOSE);

        StreamHandler.boundSendBuffer(request);
        EndPoint connection = request.getConnectionMetaData().getHttpVersion().getVersion() < HttpVersion.HTTP_2.getVersion()
                ? request.getConnectionMetaData().getConnection().getEndPoint() : null;
        var client = new StreamClient(address, response, connection, () -> StreamHandler.abortConnection(request),
                hub.stats(), hub.nextShard());
        // a reset HTTP/2 stream, or a connection that failed under the response
        request.addFailureListener(failure -> client.released());
        return client;
    }
}
