package dev.statusstream.store.internal;

import dev.statusstream.ConflictException;
import dev.statusstream.IncidentTemplate;
import dev.statusstream.LocalizedText;
import dev.statusstream.NotFoundException;
import dev.statusstream.Status;
import dev.statusstream.ValidationException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Incident templates: their SQL and the rules for writing them (texts as an incident's, services that
 * exist, names not taken). Stateless; every method runs on the caller's handle.
 */
public final class TemplateRepository {
    private final ServiceRepository services;
    private final String defaultLanguage;

    public TemplateRepository(ServiceRepository services, String defaultLanguage) {
        this.services = services;
        this.defaultLanguage = defaultLanguage;
    }

    /** Templates by name, after {@code after} (exclusive; null from the start), at most {@code limit}. */
    public List<IncidentTemplate> list(Handle h, String after, int limit) {
        return h.createQuery("""
                select * from statusstream_incident_templates where name > :after order by name limit :limit""")
                .bind("after", after == null ? "" : after)
                .bind("limit", limit)
                .map(TemplateRepository::template).list();
    }

    public Optional<IncidentTemplate> find(Handle h, String name) {
        return h.createQuery("select * from statusstream_incident_templates where name = :name").bind("name", name)
                .map(TemplateRepository::template).findOne();
    }

    public IncidentTemplate require(Handle h, String name) {
        return find(h, name).orElseThrow(() -> new NotFoundException("template", "no template named '" + name + "'"));
    }

    public IncidentTemplate add(Handle h, IncidentTemplate t, Instant now) {
        check(h, t);
        if (find(h, t.name()).isPresent()) {
            throw new ConflictException("name", "a template named '" + t.name() + "' already exists");
        }
        h.createUpdate("""
                insert into statusstream_incident_templates (name, title, body, impact, service_ids, created_at, updated_at)
                values (:name, cast(:title as jsonb), cast(:body as jsonb), :impact, :services, :now, :now)""")
                .bind("name", t.name())
                .bind("title", Rows.json(t.title()))
                .bind("body", Rows.json(t.body()))
                .bind("impact", t.impact().wireName())
                .bindArray("services", String.class, t.serviceIds())
                .bind("now", now)
                .execute();
        return t;
    }

    public IncidentTemplate edit(Handle h, String name, LocalizedText title, LocalizedText body, Status impact,
            List<String> serviceIds, Instant now) {
        IncidentTemplate t = require(h, name).with(title, body, impact, serviceIds);
        check(h, t);
        h.createUpdate("""
                update statusstream_incident_templates set title = cast(:title as jsonb), body = cast(:body as jsonb),
                    impact = :impact, service_ids = :services, updated_at = :now
                where name = :name""")
                .bind("name", t.name())
                .bind("title", Rows.json(t.title()))
                .bind("body", Rows.json(t.body()))
                .bind("impact", t.impact().wireName())
                .bindArray("services", String.class, t.serviceIds())
                .bind("now", now)
                .execute();
        return t;
    }

    public IncidentTemplate remove(Handle h, String name) {
        IncidentTemplate t = require(h, name);
        h.createUpdate("delete from statusstream_incident_templates where name = :name").bind("name", name).execute();
        return t;
    }

    private void check(Handle h, IncidentTemplate t) {
        t.title().check("title", defaultLanguage, true, IncidentWrites.MAX_TITLE);
        t.body().check("body", defaultLanguage, false, IncidentWrites.MAX_BODY);
        List<String> missing = services.missing(h, t.serviceIds());
        if (!missing.isEmpty()) {
            throw new ValidationException("services[" + t.serviceIds().indexOf(missing.get(0)) + "]",
                    "no service with id '" + missing.get(0) + "'");
        }
    }

    private static IncidentTemplate template(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        return new IncidentTemplate(rs.getString("name"), Rows.text(rs, "title"), Rows.text(rs, "body"),
                Status.parse(rs.getString("impact")), Arrays.asList((String[]) rs.getArray("service_ids").getArray()));
    }
}
