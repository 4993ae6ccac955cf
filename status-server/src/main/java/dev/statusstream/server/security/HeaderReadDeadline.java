package dev.statusstream.server.security;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes an HTTP/1.1 connection whose request head (request line and headers) has been arriving for
 * longer than a bound. Jetty's idle timeout restarts with every byte read, so a client sending one
 * header line every few seconds ("slowloris") would otherwise hold its connection, and a thread-free
 * slot, for as long as it likes; Jetty 12 has no bound on the head as a whole. A check runs a few times
 * per bound on each connection and looks only at the parser's state: a connection between requests
 * (idle keep-alive, governed by the idle timeout) or inside one (a stream that lasts hours, a body
 * governed by the idle timeout) is never touched; a closed connection's watch ends at its next check, and
 * so does that of a connection whose last request has its head (a stream: it carries no other request).
 * Added to a connector with {@code addEventListener}; thread-safe.
 */
public final class HeaderReadDeadline implements Connection.Listener {
    private static final Logger log = LoggerFactory.getLogger(HeaderReadDeadline.class);

    private final Scheduler scheduler;
    private final long boundNanos;
    private final long checkMillis;

    /**
     * @param scheduler the connector's scheduler
     * @param bound     how long a request's head may take to arrive
     */
    public HeaderReadDeadline(Scheduler scheduler, Duration bound) {
        this.scheduler = scheduler;
        this.boundNanos = bound.toNanos();
        this.checkMillis = Math.max(10, bound.toMillis() / 4);
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            new Watch(http).schedule();
        }
    }

    /** One connection's checks: since when its current request's head has been arriving. */
    private final class Watch implements Runnable {
        private final HttpConnection connection;
        private long partialSince;
        private long requestsAtPartial = -1;

        Watch(HttpConnection connection) {
            this.connection = connection;
        }

        void schedule() {
            scheduler.schedule(this, checkMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void run() {
            if (!connection.getEndPoint().isOpen()) {
                return;
            }
            var parser = connection.getParser();
            boolean readingHead = parser.inHeaderState() && !parser.isStart();
            long requests = connection.getMessagesIn();
            long now = System.nanoTime();
            if (!readingHead && requests > 0 && !connection.isPersistent()) {
                // the last request this connection will carry has its head (a stream, sent with
                // Connection: close): no head can arrive any more, and a check every few seconds for
                // each of thousands of open streams would be work for nothing
                return;
            }
            if (!readingHead) {
                requestsAtPartial = -1;
            } else if (requestsAtPartial != requests) {
                requestsAtPartial = requests;
                partialSince = now;
            } else if (now - partialSince >= boundNanos) {
                log.debug("closing {}: its request head took longer than {} ms", connection.getEndPoint().getRemoteSocketAddress(),
                        Duration.ofNanos(boundNanos).toMillis());
                connection.getEndPoint().close();
                return;
            }
            schedule();
        }
    }
}
