package dev.statusstream.automation.internal;

import java.util.List;
import org.jdbi.v3.core.Handle;

/** The SQL of firing alerts. Stateless, so thread-safe. */
final class AlertRepository {
    private AlertRepository() {
    }

    /** The firing alerts of a service, as what each says. */
    static List<Verdicts.Say> firing(Handle h, String serviceId) {
        return List.of();
    }
}
