package dev.statusstream.bench;

import dev.statusstream.LocalizedText;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Who makes the changes the streams receive: StatusStream's library, or an HTTP publisher such as nchan's. */
sealed interface Publisher extends AutoCloseable {
    /** Writes before any stream opens, so the timed ones run compiled. */
    void warmUp(String service, int writes) throws Exception;

    /** The event id a stream that is up to date has seen. */
    long version() throws Exception;

    /** The size of the document each stream receives, in bytes. */
    int size() throws Exception;

    /** Change number {@code k} of {@code service}; returns the event id it arrives with. */
    long change(String service, int k) throws Exception;

    @Override
    void close();

    /** Real writes: one PostgreSQL transaction and the Redis publish each, as the CLI makes them. */
    record Library(StatusStream status) implements Publisher {
        public Library {
            Main.seed(status);
        }

        @Override
        public void warmUp(String service, int writes) {
            for (int k = 0; k < writes; k++) {
                status.setStatus(service, Status.OPERATIONAL, LocalizedText.of("en", "warm-up " + (k % 2)));
            }
        }

        @Override
        public long version() {
            return status.snapshot().version();
        }

        @Override
        public int size() {
            return status.snapshot().toJson().length();
        }

        @Override
        public long change(String service, int k) {
            return status.setStatus(service, k % 2 == 0 ? Status.DEGRADED : Status.OPERATIONAL,
                    LocalizedText.of("en", "benchmark change " + k)).version();
        }

        @Override
        public void close() {
            status.close();
        }
    }

    /**
     * A document of StatusStream's size POSTed to a publisher URL (nginx+nchan's {@code nchan_publisher});
     * a stream's events are counted in order: the newest message, sent on connecting, is event 1, change
     * {@code k} is event {@code k + 2}.
     */
    final class Http implements Publisher {
        /** About the size of the seeded snapshot: eight services and an incident. */
        private static final int DOCUMENT_BYTES = 3_000;
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final URI url;

        Http(String url) throws Exception {
            this.url = URI.create(url);
            post("seed"); // the message a new stream gets first, as StatusStream's snapshot
        }

        @Override
        public void warmUp(String service, int writes) {
            // nothing to warm: the publisher is a store in nginx's memory
        }

        @Override
        public long version() {
            return 1;
        }

        @Override
        public int size() {
            return DOCUMENT_BYTES;
        }

        @Override
        public long change(String service, int k) throws Exception {
            post(service + " change " + k);
            return k + 2;
        }

        private void post(String marker) throws IOException, InterruptedException {
            String body = "{\"marker\":\"" + marker + "\",\"padding\":\"" + "x".repeat(DOCUMENT_BYTES - 40) + "\"}";
            var response = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 300) {
                throw new IOException("the publisher at " + url + " answered " + response.statusCode());
            }
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
