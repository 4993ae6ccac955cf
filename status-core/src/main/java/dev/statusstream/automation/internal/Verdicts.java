package dev.statusstream.automation.internal;

import dev.statusstream.Monitor;
import dev.statusstream.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * What a service's automatic status is, from everything automatic that watches it: the worst of its
 * monitors that are down or unknown and its firing alerts; operational when none is. Stateless, so
 * thread-safe.
 */
public final class Verdicts {
    private final MonitorRepository monitors;

    public Verdicts(MonitorRepository monitors) {
        this.monitors = monitors;
    }

    /** One source's say. */
    record Say(Status status, String cause) {
    }

    /**
     * The verdict now, read inside the write's transaction.
     *
     * @param restored the cause to name when nothing is failing (the source that just recovered)
     */
    public AutomaticStatus.Verdict of(Handle h, String serviceId, String restored) {
        List<Say> says = new ArrayList<>();
        for (Monitor m : monitors.failing(h, serviceId)) {
            says.add(new Say(m.state() == Monitor.State.DOWN ? m.downStatus() : Status.UNKNOWN,
                    "monitor " + m.name() + ": " + (m.cause() == null ? m.state().wireName() : m.cause())));
        }
        says.addAll(AlertRepository.firing(h, serviceId));
        return says.stream().max(Comparator.comparingInt(s -> rank(s.status())))
                .map(s -> new AutomaticStatus.Verdict(s.status(), s.cause()))
                .orElse(new AutomaticStatus.Verdict(Status.OPERATIONAL, restored));
    }

    /** Worse is higher: an outage outweighs degradation, which outweighs not knowing. */
    static int rank(Status status) {
        return switch (status) {
            case OUTAGE -> 3;
            case DEGRADED -> 2;
            case UNKNOWN -> 1;
            default -> 0;
        };
    }
}
