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
import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;

/** Direct mode: PostgreSQL and Redis through the library, like a server node would. */
final class DirectOperations implements Operations {
    private final StatusStream status;

    DirectOperations(StatusStreamConfig config) {
        this.status = StatusStream.create(config);
    }

    @Override
    public Change<Service> addService(NewService service) {
        return status.addService(service);
    }

    @Override
    public Change<Service> setStatus(String id, Status value, LocalizedText summary) {
        return status.setStatus(id, value, summary);
    }

    @Override
    public Change<Incident> openIncident(NewIncident incident) {
        return status.openIncident(incident);
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
    public Snapshot snapshot() {
        return status.snapshot();
    }

    @Override
    public long publish() {
        return status.publish();
    }

    @Override
    public void close() {
        status.close();
    }
}
