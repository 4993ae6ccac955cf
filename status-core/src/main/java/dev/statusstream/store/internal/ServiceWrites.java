package dev.statusstream.store.internal;

import dev.statusstream.ChangeType;
import dev.statusstream.ConflictException;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.Service;
import dev.statusstream.ServicePatch;
import dev.statusstream.Status;
import dev.statusstream.ValidationException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rules for changing services, applied inside a write transaction. Thread-safe (stateless). */
public final class ServiceWrites {
    public static final int MAX_LABEL = 100;
    public static final int MAX_DESCRIPTION = 2000;
    public static final int MAX_SUMMARY = 500;

    private final ServiceRepository services;
    private final String defaultLanguage;

    public ServiceWrites(ServiceRepository services, String defaultLanguage) {
        this.services = services;
        this.defaultLanguage = defaultLanguage;
    }

    public Written<Service> add(WriteTx tx, NewService n) {
        n.label().check("label", defaultLanguage, true, MAX_LABEL);
        n.description().check("description", defaultLanguage, false, MAX_DESCRIPTION);
        if (services.find(tx.handle(), n.id()).isPresent()) {
            throw new ConflictException("id", "a service with id '" + n.id() + "' already exists");
        }
        int position = n.position() != null ? n.position() : services.nextPosition(tx.handle());
        var service = new Service(n.id(), n.category(), n.label(), n.description(), position,
                Status.OPERATIONAL, LocalizedText.EMPTY, tx.now(), tx.now());
        services.insert(tx.handle(), service, tx.now());
        services.recordStatus(tx.handle(), service, tx.version());
        return new Written<>(service, ChangeType.SERVICE_CREATED, service.id(), service);
    }

    public Written<Service> update(WriteTx tx, String id, ServicePatch patch) {
        if (patch.isEmpty()) {
            throw new ValidationException("body", "names no field to change (label, category, description, position)");
        }
        Service old = services.require(tx.handle(), id, "id");
        LocalizedText label = patch.label() == null ? old.label()
                : patch.label().check("label", defaultLanguage, true, MAX_LABEL);
        LocalizedText description = patch.description() == null ? old.description()
                : patch.description().check("description", defaultLanguage, false, MAX_DESCRIPTION);
        var service = new Service(id, patch.category() == null ? old.category() : patch.category(), label, description,
                patch.position() == null ? old.position() : patch.position(),
                old.status(), old.statusSummary(), old.statusSince(), tx.now());
        services.update(tx.handle(), service);
        return new Written<>(service, ChangeType.SERVICE_UPDATED, id, service);
    }

    public Written<Service> delete(WriteTx tx, String id) {
        Service old = services.require(tx.handle(), id, "id");
        services.delete(tx.handle(), id);
        return new Written<>(old, ChangeType.SERVICE_DELETED, id, Map.of("id", id));
    }

    /**
     * Puts the listed services first, in the given order; the others follow in their current order.
     */
    public Written<List<Service>> reorder(WriteTx tx, List<String> ids) {
        if (ids.isEmpty()) {
            throw new ValidationException("ids", "is empty");
        }
        var seen = new HashSet<String>();
        for (int i = 0; i < ids.size(); i++) {
            try {
                Service.checkId(ids.get(i));
            } catch (ValidationException e) {
                throw new ValidationException("ids[" + i + "]", e.reason());
            }
            if (!seen.add(ids.get(i))) {
                throw new ValidationException("ids[" + i + "]", "'" + ids.get(i) + "' is listed twice");
            }
        }
        List<String> missing = services.missing(tx.handle(), ids);
        if (!missing.isEmpty()) {
            throw new ValidationException("ids[" + ids.indexOf(missing.get(0)) + "]", "no service with id '" + missing.get(0) + "'");
        }
        Map<String, Service> current = new LinkedHashMap<>();
        services.all(tx.handle()).forEach(s -> current.put(s.id(), s));
        List<String> order = new ArrayList<>(ids);
        current.keySet().stream().filter(id -> !seen.contains(id)).forEach(order::add);
        List<Service> reordered = new ArrayList<>();
        for (int position = 0; position < order.size(); position++) {
            Service s = current.get(order.get(position));
            var moved = new Service(s.id(), s.category(), s.label(), s.description(), position, s.status(),
                    s.statusSummary(), s.statusSince(), s.position() == position ? s.updatedAt() : tx.now());
            if (s.position() != position) {
                services.update(tx.handle(), moved);
            }
            reordered.add(moved);
        }
        return new Written<>(reordered, ChangeType.SERVICE_REORDERED, "services", Map.of("order", order));
    }

    /**
     * Sets the status and summary. A new status starts a new history period; the same status with a
     * new summary only replaces the summary.
     */
    public Written<Service> setStatus(WriteTx tx, String id, Status status, LocalizedText summary) {
        LocalizedText checked = (summary == null ? LocalizedText.EMPTY : summary)
                .check("summary", defaultLanguage, false, MAX_SUMMARY);
        Service old = services.require(tx.handle(), id, "id");
        boolean changed = old.status() != status;
        var service = new Service(id, old.category(), old.label(), old.description(), old.position(), status, checked,
                changed ? tx.now() : old.statusSince(), tx.now());
        services.update(tx.handle(), service);
        if (changed) {
            services.recordStatus(tx.handle(), service, tx.version());
        }
        return new Written<>(service, ChangeType.SERVICE_STATUS, id, service);
    }
}
