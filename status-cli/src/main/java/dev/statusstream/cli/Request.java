package dev.statusstream.cli;

import dev.statusstream.IncidentState;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.NewService;
import dev.statusstream.Status;

/** What the operator asked for, parsed from the command line, before anything touches the network. */
public sealed interface Request {
    record AddService(NewService service) implements Request {
    }

    record SetStatus(String serviceId, Status status, LocalizedText summary) implements Request {
    }

    record OpenIncident(NewIncident incident) implements Request {
    }

    record UpdateIncident(String slug, IncidentState state, LocalizedText body) implements Request {
    }

    record ResolveIncident(String slug, LocalizedText body) implements Request {
    }

    record ListStatus() implements Request {
    }

    record Publish() implements Request {
    }
}
