package dev.statusstream.cli;

import dev.statusstream.IncidentPatch;
import dev.statusstream.IncidentState;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.NewService;
import dev.statusstream.ServicePatch;
import dev.statusstream.Status;
import java.util.List;

/** What the operator asked for, parsed from the command line, before anything touches the network. */
public sealed interface Request {
    record AddService(NewService service) implements Request {
    }

    record EditService(String id, ServicePatch patch) implements Request {
    }

    record SetStatus(String serviceId, Status status, LocalizedText summary) implements Request {
    }

    record RemoveService(String id) implements Request {
    }

    record ReorderServices(List<String> ids) implements Request {
    }

    /** Opens an incident or schedules a maintenance; prints the slug alone. */
    record OpenIncident(NewIncident incident) implements Request {
    }

    record EditIncident(String slug, IncidentPatch patch) implements Request {
    }

    record UpdateIncident(String slug, IncidentState state, LocalizedText body) implements Request {
    }

    record ResolveIncident(String slug, LocalizedText body) implements Request {
    }

    record ListStatus() implements Request {
    }

    /** One service or incident, by service id or incident slug. */
    record Show(String name) implements Request {
    }

    record Publish() implements Request {
    }

    /** Follow the page and print each change; {@code count} 0 for ever. */
    record Watch(int count) implements Request {
    }
}
