package dev.statusstream.store.internal;

import dev.statusstream.ChangeType;
import dev.statusstream.ConflictException;
import dev.statusstream.Incident;
import dev.statusstream.LocalizedText;
import dev.statusstream.NotFoundException;
import dev.statusstream.Postmortem;

/**
 * The rules for postmortems: only an incident that is over carries one; setting it again keeps when it
 * was first published. Thread-safe (stateless).
 */
public final class PostmortemWrites {
    private final IncidentRepository incidents;
    private final String defaultLanguage;

    public PostmortemWrites(IncidentRepository incidents, String defaultLanguage) {
        this.incidents = incidents;
        this.defaultLanguage = defaultLanguage;
    }

    public Written<Incident> set(WriteTx tx, String slug, LocalizedText body) {
        Incident old = incidents.requireBySlug(tx.handle(), slug);
        if (old.isOpen()) {
            throw new ConflictException("slug", old.kind().wireName() + " '" + slug + "' is still "
                    + old.state().wireName() + ": a postmortem is published once it is over");
        }
        body.check("body", defaultLanguage, true, Postmortem.MAX_BODY);
        var postmortem = new Postmortem(body, old.postmortem() == null ? tx.now() : old.postmortem().publishedAt(), tx.now());
        incidents.setPostmortem(tx.handle(), old.id(), postmortem);
        Incident incident = old.withPostmortem(postmortem);
        return new Written<>(incident, ChangeType.INCIDENT_POSTMORTEM, slug, incident);
    }

    public Written<Incident> remove(WriteTx tx, String slug) {
        Incident old = incidents.requireBySlug(tx.handle(), slug);
        if (old.postmortem() == null) {
            throw new NotFoundException("slug", old.kind().wireName() + " '" + slug + "' has no postmortem");
        }
        incidents.setPostmortem(tx.handle(), old.id(), null);
        Incident incident = old.withPostmortem(null);
        return new Written<>(incident, ChangeType.INCIDENT_POSTMORTEM, slug, incident);
    }
}
