package dev.statusstream.automation.internal;

import dev.statusstream.Actor;
import dev.statusstream.AlertReceipt;
import dev.statusstream.store.internal.Database;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alerts from monitoring tools: records which fire and which resolved, then works out again the status
 * of each service they name, as the tool. Several alerts on one service: the worst wins, and the
 * service is restored once all are resolved (and its monitors are up). Thread-safe.
 */
public final class Alerts {
    private final Database database;
    private final Verdicts verdicts;
    private final Monitors.Reporter reporter;
    private final AlertIncidents incidents;

    public Alerts(Database database, Verdicts verdicts, Monitors.Reporter reporter, AlertIncidents incidents) {
        this.database = database;
        this.verdicts = verdicts;
        this.reporter = reporter;
        this.incidents = incidents;
    }

    /** @param openIncidents whether an alert that starts firing opens an incident (see {@link AlertIncidents}) */
    public AlertReceipt receive(String source, byte[] body, boolean openIncidents) {
        AlertPayload.Read read = AlertPayload.read(body);
        List<AlertReceipt.Ignored> ignored = new ArrayList<>(read.ignored());
        int[] counts = new int[2];
        // the services to work out again, each with the cause to name when it is restored
        Map<String, String> touched = new LinkedHashMap<>();
        // the first alert to start firing on each service, for the incident it may open
        Map<String, AlertPayload.Alert> started = new LinkedHashMap<>();
        // the last alert resolved on each service
        Map<String, String> resolvedOn = new LinkedHashMap<>();
        database.bookkeeping(h -> {
            for (AlertPayload.Alert a : read.alerts()) {
                if (a.firing()) {
                    if (!AlertRepository.serviceExists(h, a.serviceId())) {
                        ignored.add(new AlertReceipt.Ignored(a.name(), "no service with id '" + a.serviceId() + "'"));
                        continue;
                    }
                    counts[0]++;
                    AlertRepository.Fired fired = AlertRepository.fire(h, a, source, database.now());
                    if (fired != AlertRepository.Fired.SAME) {
                        touched.putIfAbsent(a.serviceId(), "alert " + a.name() + " (" + source + ") resolved");
                    }
                    if (fired == AlertRepository.Fired.STARTED) {
                        started.putIfAbsent(a.serviceId(), a);
                    }
                } else {
                    counts[1]++;
                    for (String service : AlertRepository.resolve(h, a, source)) {
                        touched.put(service, "alert " + a.name() + " (" + source + ") resolved");
                        resolvedOn.put(service, "alert " + a.name() + " (" + source + ")");
                    }
                }
            }
            return null;
        });
        Actor actor = Actor.integration(source);
        touched.forEach((service, restored) -> reporter.report(actor, service, h -> verdicts.of(h, service, restored)));
        if (openIncidents) {
            started.values().forEach(a -> incidents.open(source, a));
        }
        // incidents opened earlier are resolved whether or not this call asks to open any
        resolvedOn.forEach(incidents::resolveIfQuiet);
        return new AlertReceipt(counts[0], counts[1], ignored);
    }
}
