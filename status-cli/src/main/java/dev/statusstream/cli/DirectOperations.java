package dev.statusstream.cli;

import dev.statusstream.Change;
import dev.statusstream.Incident;
import dev.statusstream.IncidentPatch;
import dev.statusstream.IncidentState;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.NewService;
import dev.statusstream.Publication;
import dev.statusstream.Service;
import dev.statusstream.ServicePatch;
import dev.statusstream.Snapshot;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.Subscription;
import java.util.List;
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

    DirectOperations(StatusStreamConfig config) {
        this.status = StatusStream.builder().config(config).observer(true).build();
    }

    @Override
    public Change<Service> addService(NewService service) {
        return status.addService(service);
    }

    @Override
    public Change<Service> updateService(String id, ServicePatch patch) {
        return status.updateService(id, patch);
    }

    @Override
    public Change<Service> setStatus(String id, Status value, LocalizedText summary) {
        return status.setStatus(id, value, summary);
    }

    @Override
    public Change<Service> deleteService(String id) {
        return status.deleteService(id);
    }

    @Override
    public Change<List<Service>> reorderServices(List<String> ids) {
        return status.reorderServices(ids);
    }

    @Override
    public Change<Incident> openIncident(NewIncident incident) {
        return status.openIncident(incident);
    }

    @Override
    public Change<Incident> editIncident(String slug, IncidentPatch patch) {
        return status.editIncident(slug, patch);
    }

    @Override
    public Change<Incident> updateIncident(String slug, IncidentState state, LocalizedText body) {
        return status.updateIncident(slug, state, body);
    }

    @Override
    public Change<Incident> resolveIncident(String slug, LocalizedText body) {
        return status.resolveIncident(slug, body);
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
    public Snapshot snapshot() {
        return status.snapshot();
    }

    @Override
    public Publication publish() {
        return status.publish();
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
