package dev.statusstream.automation.internal;

import dev.statusstream.ChangeType;
import dev.statusstream.Control;
import dev.statusstream.LocalizedText;
import dev.statusstream.Service;
import dev.statusstream.Status;
import dev.statusstream.internal.Json;
import dev.statusstream.store.internal.NothingToCommit;
import dev.statusstream.store.internal.ServiceWrites;
import dev.statusstream.store.internal.WriteTx;
import dev.statusstream.store.internal.Written;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The precedence rule, applied inside a write transaction: automation sets a service's status only
 * while the service is automatic and no maintenance window holds it, and only when the status would
 * change. The summary and the change's data name the cause. Stateless, so thread-safe.
 */
public final class AutomaticStatus {
    private final ServiceWrites serviceWrites;
    private final String defaultLanguage;

    public AutomaticStatus(ServiceWrites serviceWrites, String defaultLanguage) {
        this.serviceWrites = serviceWrites;
        this.defaultLanguage = defaultLanguage;
    }

    /** What automation says a service's status should be, and why. */
    public record Verdict(Status status, String cause) {
    }

    /**
     * Sets the verdict's status with the cause as summary.
     *
     * @throws NothingToCommit when the service is gone, manual, under maintenance or already has that status
     */
    public Written<Service> apply(WriteTx tx, String serviceId, Verdict verdict) {
        Optional<Map<String, Object>> row = tx.handle().createQuery("""
                        select s.status, s.control,
                               exists (select 1 from statusstream_maintenance_effects e where e.service_id = s.id) as held
                        from statusstream_services s where s.id = :id for update""")
                .bind("id", serviceId).mapToMap().findOne();
        if (row.isEmpty()) {
            throw new NothingToCommit("service " + serviceId + " is gone");
        }
        if (Control.parse((String) row.get().get("control")) == Control.MANUAL) {
            throw new NothingToCommit("service " + serviceId + " is set by hand");
        }
        if (Boolean.TRUE.equals(row.get().get("held"))) {
            throw new NothingToCommit("service " + serviceId + " is under maintenance");
        }
        if (Status.parse((String) row.get().get("status")) == verdict.status()) {
            throw new NothingToCommit("service " + serviceId + " is " + verdict.status() + " already");
        }
        String cause = verdict.cause().length() > ServiceWrites.MAX_SUMMARY
                ? verdict.cause().substring(0, ServiceWrites.MAX_SUMMARY - 1) + "…" : verdict.cause();
        Service service = serviceWrites.setStatus(tx, serviceId, verdict.status(), LocalizedText.of(defaultLanguage, cause)).value();
        Map<String, Object> data = new LinkedHashMap<>(Json.mapper().convertValue(service, Map.class));
        data.put("cause", cause);
        return new Written<>(service, ChangeType.SERVICE_STATUS, serviceId, data);
    }

    /** The service's control, or empty when there is no such service. */
    public static Optional<Control> control(Handle h, String serviceId) {
        return h.createQuery("select control from statusstream_services where id = :id")
                .bind("id", serviceId).mapTo(String.class).findOne().map(Control::parse);
    }

    /** Marks the service as set by hand (no statement when it already is). */
    public static void markManual(Handle h, String serviceId) {
        h.createUpdate("update statusstream_services set control = 'manual' where id = :id and control <> 'manual'")
                .bind("id", serviceId).execute();
    }

    /** Sets the service's control; false when there is no such service. */
    public static boolean setControl(Handle h, String serviceId, Control control) {
        return h.createUpdate("update statusstream_services set control = :control where id = :id")
                .bind("id", serviceId).bind("control", control.wireName()).execute() == 1;
    }
}
