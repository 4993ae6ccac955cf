package dev.statusstream;

import dev.statusstream.automation.internal.AutomaticStatus;
import dev.statusstream.engine.internal.Engine;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What sets a service's status by itself: monitors (heartbeats and checks), alerts from monitoring
 * tools, and an application's own reports. Automation sets a status only while the service is
 * {@link Control#AUTOMATIC automatic}: a status an operator sets by hand ({@link SetStatus}) makes it
 * {@link Control#MANUAL manual}, and automation then leaves it alone until the operator hands it back
 * ({@link SetControl}). A service under an active maintenance window is left alone too. Every
 * automatic change names its cause in the service's summary and in the change's data, and its actor
 * (such as {@code monitor:<name>}) in the change log.
 *
 * <p>Obtained from {@link StatusStream#automation()}. Thread-safe.
 */
public final class Automation {
    private final Engine engine;

    Automation(Engine engine) {
        this.engine = engine;
    }

    /**
     * A heartbeat's ping, as {@code POST} or {@code GET /api/heartbeats/<token>} receives it: moves the
     * heartbeat's deadline to interval and grace from now, and brings it (and, while automatic, its
     * service) back up if it was down.
     *
     * @param token the push token {@link AddMonitor} returned
     * @return the heartbeat, or empty when no heartbeat has this token
     */
    public Optional<Monitor> ping(String token) {
        return engine.monitors().ping(token);
    }

    /**
     * One monitor.
     *
     * @param name its name
     * @return the monitor, or empty when there is none of that name
     */
    public Optional<Monitor> monitor(String name) {
        return engine.monitors().find(Monitor.checkName(name));
    }

    /**
     * A page of monitors in name order.
     *
     * @param serviceId only this service's; null for all
     * @param after     the last name of the previous page; null for the first page
     * @param limit     at most this many (1 to 500)
     * @return the monitors
     * @throws ValidationException naming {@code limit} when it is out of range
     */
    public List<Monitor> monitors(String serviceId, String after, int limit) {
        if (limit < 1 || limit > 500) {
            throw new ValidationException("limit", "must be from 1 to 500");
        }
        return engine.monitors().page(serviceId == null ? null : Service.checkId(serviceId),
                after == null ? null : Monitor.checkName(after), limit);
    }

    /**
     * The latest run of each of these monitors, for a console or a report. Heartbeats have no runs: their
     * last ping is {@link Monitor#lastSeenAt()}.
     *
     * @param names the monitors (at most 500)
     * @return by monitor name; monitors that have not run in the last day are absent
     * @throws ValidationException naming {@code names} when there are more than 500
     */
    public Map<String, CheckResult> lastResults(Collection<String> names) {
        if (names.size() > 500) {
            throw new ValidationException("names", "at most 500 at once, not " + names.size());
        }
        return names.isEmpty() ? Map.of() : engine.monitors().lastResults(List.copyOf(names));
    }

    /**
     * Who sets each service's status now: automation, or an operator by hand.
     *
     * @return by service id, for every service
     */
    public Map<String, Control> controls() {
        return engine.monitors().controls();
    }

    /**
     * The checks of every service by hour, for the page's charts and uptime bars.
     *
     * @param from the first hour (inclusive)
     * @param to   the end (exclusive)
     * @return by service and then hour, oldest first; services without checks are absent
     */
    public List<CheckHour> checkHours(Instant from, Instant to) {
        return engine.monitors().checkHours(Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to"));
    }

    /**
     * Runs one pass of the monitors on this thread: marks checks that have not run for three intervals
     * unknown, marks missed heartbeats down, and runs the due checks (in the background). A following
     * instance does this by itself; this is for instances that do not follow, and for tests.
     *
     * @return how many monitors were due
     */
    public int runDue() {
        return engine.monitors().runDue();
    }

    /**
     * Takes a monitoring tool's webhook body: Alertmanager's (payload version 4) or Grafana's unified
     * alerting, both an object with an {@code alerts} array. An alert names its service by the label
     * {@code statusstream_service}; severity {@code critical} or {@code page} means outage, anything else
     * degraded; a resolved alert no longer counts. Each service named is then set, as the tool, to the
     * worst of its firing alerts and failing monitors (operational when none), if it is automatic.
     *
     * @param source the tool: {@code alertmanager} or {@code grafana}
     * @param body   the webhook's JSON body
     * @return how many alerts fire and resolved, and which were left aside and why
     * @throws ValidationException naming the bad field when the body is not such a payload
     */
    public AlertReceipt receiveAlerts(String source, byte[] body) {
        return receiveAlerts(source, body, false);
    }

    /**
     * Takes a monitoring tool's webhook body as {@link #receiveAlerts(String, byte[])} does and, with
     * {@code openIncidents}, also opens an incident, as the tool, for each alert that starts firing on a
     * service that automation may set and that has no open incident: titled by the alert's {@code summary}
     * annotation (or its name), its impact the alert's status, its first update the {@code description}.
     * Whatever {@code openIncidents} says, an incident an alert opened is resolved, as the tool, once no
     * alert fires on its service, unless anyone else has written to it since.
     *
     * @param source        the tool: {@code alertmanager} or {@code grafana}
     * @param body          the webhook's JSON body
     * @param openIncidents whether alerts that start firing open incidents
     * @return how many alerts fire and resolved, and which were left aside and why
     * @throws ValidationException naming the bad field when the body is not such a payload
     */
    public AlertReceipt receiveAlerts(String source, byte[] body, boolean openIncidents) {
        if (!"alertmanager".equals(source) && !"grafana".equals(source)) {
            throw new ValidationException("source", "'" + source + "' is not an integration (alertmanager or grafana)");
        }
        return engine.alerts().receive(source, body, openIncidents);
    }

    /**
     * Reports what a service's status should be, as automation: applied when the service is automatic,
     * not under maintenance, and the status differs; otherwise nothing is written.
     *
     * @param actor     who reports, e.g. {@link Actor#monitor(String)}
     * @param serviceId the service
     * @param status    what it should be
     * @param cause     why, in a sentence: it becomes the service's summary
     * @return the change, or empty when nothing changed
     * @throws ValidationException when the id or the cause is malformed
     */
    public Optional<Change<Service>> report(Actor actor, String serviceId, Status status, String cause) {
        Objects.requireNonNull(actor, "actor");
        Service.checkId(serviceId);
        Objects.requireNonNull(status, "status");
        if (cause == null || cause.isBlank()) {
            throw new ValidationException("cause", "is required: say why the status changes");
        }
        return engine.applyAutomatic(actor, serviceId, h -> new AutomaticStatus.Verdict(status, cause.strip()));
    }
}
