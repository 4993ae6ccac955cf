package dev.statusstream.cli;

import dev.statusstream.Change;
import dev.statusstream.Incident;
import dev.statusstream.IncidentState;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.NewService;
import dev.statusstream.Service;
import dev.statusstream.Snapshot;
import dev.statusstream.Status;

/** What the CLI can do, whichever way it reaches the status page. */
interface Operations extends AutoCloseable {
    Change<Service> addService(NewService service);

    Change<Service> setStatus(String id, Status status, LocalizedText summary);

    Change<Incident> openIncident(NewIncident incident);

    Change<Incident> updateIncident(String slug, IncidentState state, LocalizedText body);

    Change<Incident> resolveIncident(String slug, LocalizedText body);

    Snapshot snapshot();

    long publish();

    @Override
    void close();
}
