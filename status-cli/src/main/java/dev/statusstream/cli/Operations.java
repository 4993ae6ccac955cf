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
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the CLI can do, whichever way it reaches the status page: directly through the library
 * ({@link DirectOperations}) or through a server's admin API ({@link RemoteOperations}). Both throw
 * the library's exceptions, so output and exit codes are the same in both modes.
 */
interface Operations extends AutoCloseable {
    Change<Service> addService(NewService service);

    Change<Service> updateService(String id, ServicePatch patch);

    Change<Service> setStatus(String id, Status status, LocalizedText summary);

    Change<Service> deleteService(String id);

    Change<List<Service>> reorderServices(List<String> ids);

    Change<Incident> openIncident(NewIncident incident);

    Change<Incident> editIncident(String slug, IncidentPatch patch);

    Change<Incident> updateIncident(String slug, IncidentState state, LocalizedText body);

    Change<Incident> resolveIncident(String slug, LocalizedText body);

    Optional<Service> service(String id);

    Optional<Incident> incident(String slug);

    Snapshot snapshot();

    /** Announces the current snapshot again: PostgreSQL {@code NOTIFY}, and Redis when configured. */
    Publication publish();

    /** The deployment's default language: the language of every text given without a prefix. */
    String defaultLanguage();

    /**
     * Hands {@code onSnapshot} the current snapshot and then every newer one, until it returns false;
     * rides out lost connections. Blocks.
     */
    void watch(Predicate<Snapshot> onSnapshot) throws InterruptedException;

    @Override
    void close();
}
