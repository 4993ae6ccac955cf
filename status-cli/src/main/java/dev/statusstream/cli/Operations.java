package dev.statusstream.cli;

import dev.statusstream.Change;
import dev.statusstream.Incident;
import dev.statusstream.IncidentTemplate;
import java.util.List;
import dev.statusstream.Operation;
import dev.statusstream.Monitor;
import dev.statusstream.Service;
import java.util.List;
import dev.statusstream.Snapshot;
import dev.statusstream.Subscriber;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the CLI can do, whichever way it reaches the status page: directly through the library
 * ({@link DirectOperations}) or through a server's admin API ({@link RemoteOperations}). Both throw
 * the library's exceptions, so output and exit codes are the same in both modes.
 */
interface Operations extends AutoCloseable {
    /** Carries out one write: the library executes it, or the server does when sent its JSON form. */
    <T> Change<T> execute(Operation<T> operation);

    Optional<Service> service(String id);

    Optional<Incident> incident(String slug);

    Snapshot snapshot();

    /** Incident templates by name after {@code after} (null: from the first), at most {@code limit} (1 to 200). */
    List<IncidentTemplate> templates(String after, int limit);

    Optional<IncidentTemplate> template(String name);

    /** A page of the audit log. */
    dev.statusstream.AuditPage audit(dev.statusstream.AuditQuery query);

    /** The named API tokens, by name (the first {@value dev.statusstream.Accounts#MAX_PAGE}). */
    java.util.List<dev.statusstream.ApiToken> tokens();

    /** The operators, by name (the first {@value dev.statusstream.Accounts#MAX_PAGE}). */
    java.util.List<dev.statusstream.Operator> operators();

    /** Subscribers in the order they were added, after the one with id {@code after} (null: from the first). */
    List<Subscriber> subscribers(String after, int limit);

    /** A page of monitors in name order. */
    List<Monitor> monitors(String serviceId, String after, int limit);

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
