package dev.statusstream.cli;

import dev.statusstream.Actor;
import dev.statusstream.Change;
import dev.statusstream.Incident;
import dev.statusstream.IncidentTemplate;
import java.util.List;
import dev.statusstream.Operation;
import dev.statusstream.Monitor;
import dev.statusstream.Service;
import java.util.List;
import dev.statusstream.Snapshot;
import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.Subscriber;
import dev.statusstream.Subscription;
import java.util.List;
import dev.statusstream.ValidationException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;

/**
 * Direct mode: PostgreSQL and Redis through the library, like a server node would. An observer: its
 * {@code watch} follows the page without moving maintenance windows or writing the Redis cache, which
 * are the servers' to do.
 */
final class DirectOperations implements Operations {
    private final StatusStream status;
    private final Actor actor = actor();

    DirectOperations(StatusStreamConfig config) {
        this.status = StatusStream.builder().config(config).observer(true).build();
    }

    /** The change log records this CLI as {@code cli@<host>}. */
    private static Actor actor() {
        try {
            return Actor.cli(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException | ValidationException e) {
            return Actor.cli("localhost");
        }
    }

    @Override
    public <T> Change<T> execute(Operation<T> operation) {
        return status.execute(operation, actor);
    }

    @Override
    public List<Monitor> monitors(String serviceId, String after, int limit) {
        return status.automation().monitors(serviceId, after, limit);
    }

    @Override
    public Optional<Service> service(String id) {
        return status.service(id);
    }

    @Override
    public Optional<Incident> incident(String slug) {
        return status.incident(slug);
    }

    @Override
    public List<IncidentTemplate> templates(String after, int limit) {
        return status.templates(after, limit);
    }

    @Override
    public Optional<IncidentTemplate> template(String name) {
        return status.template(name);
    }

    @Override
    public Snapshot snapshot() {
        return status.snapshot();
    }

    @Override
    public dev.statusstream.AuditPage audit(dev.statusstream.AuditQuery query) {
        return status.accounts().audit(query);
    }

    @Override
    public java.util.List<dev.statusstream.ApiToken> tokens() {
        return status.accounts().tokens(null, dev.statusstream.Accounts.MAX_PAGE);
    }

    @Override
    public java.util.List<dev.statusstream.Operator> operators() {
        return status.accounts().operators(null, dev.statusstream.Accounts.MAX_PAGE);
    }

    @Override
    public List<Subscriber> subscribers(String after, int limit) {
        return status.subscribers(after, limit);
    }

    @Override
    public String defaultLanguage() {
        return status.config().defaultLanguage();
    }

    /** Follows PostgreSQL notifications and Redis like a server node; the library rides out outages. */
    @Override
    public void watch(Predicate<Snapshot> onSnapshot) throws InterruptedException {
        BlockingQueue<Snapshot> newer = new LinkedBlockingQueue<>();
        try (Subscription subscription = status.subscribe(newer::add)) {
            Snapshot current = status.snapshot();
            boolean more = onSnapshot.test(current);
            while (more) {
                Snapshot next = newer.take();
                if (next.version() > current.version()) {
                    current = next;
                    more = onSnapshot.test(next);
                }
            }
        }
    }

    @Override
    public void close() {
        status.close();
    }
}
