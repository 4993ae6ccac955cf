package dev.statusstream.server.api.statuspage;

import dev.statusstream.Incident;
import dev.statusstream.IncidentKind;
import dev.statusstream.IncidentState;
import dev.statusstream.Service;
import dev.statusstream.Snapshot;
import dev.statusstream.StatusException;
import dev.statusstream.StatusPeriod;
import dev.statusstream.StatusStream;
import dev.statusstream.server.api.PublicSite;
import dev.statusstream.server.api.IncidentHistory;
import dev.statusstream.server.api.PostgresBreaker;
import dev.statusstream.internal.Json;
import dev.statusstream.server.api.PublicRead;
import dev.statusstream.server.api.RenderedCache;
import dev.statusstream.server.api.SiteResolver;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v2/*.json}: Statuspage's public v2 API over our snapshot, so that tools built for
 * Statuspage (dashboards, chat bots, aggregators) read this page unchanged. {@code ?lang=} picks the
 * language of texts (default: the page's default language). Public, CORS {@code *}, conditional.
 * Thread-safe.
 */
public final class StatuspageApi {
    private static final Logger log = LoggerFactory.getLogger(StatuspageApi.class);

    private final StatusStream status;
    private final IncidentHistory history;
    private final StatuspageDocuments documents;
    private final SiteResolver sites;
    private final RenderedCache cache;
    private final PostgresBreaker breaker;
    /** When each service on the page was added: it never changes, so it is read from its history once. */
    private final Map<String, Instant> created = new ConcurrentHashMap<>();

    public StatuspageApi(StatusStream status, IncidentHistory history, SiteResolver sites, RenderedCache cache,
            PostgresBreaker breaker) {
        this.breaker = breaker;
        this.status = status;
        this.cache = cache;
        this.history = history;
        this.documents = new StatuspageDocuments(status.config().defaultLanguage(), this::createdAt);
        this.sites = sites;
    }

    /** {@code summary.json}: page, components, unresolved incidents, upcoming and active maintenance, status. */
    public void summary(Context ctx) {
        answer(ctx, "summary", view -> new V2.Summary(view.page(), view.componentList(),
                view.incidents(unresolved(view.snapshot())), view.incidents(maintenances(view.snapshot(), true, true)),
                view.status()));
    }

    /** {@code status.json}: the page indicator. */
    public void status(Context ctx) {
        answer(ctx, "status", view -> new V2.StatusDocument(view.page(), view.status()));
    }

    /** {@code components.json}. */
    public void components(Context ctx) {
        answer(ctx, "components", view -> new V2.ComponentsDocument(view.page(), view.componentList()));
    }

    /** {@code incidents.json}: the 50 most recent incidents, resolved ones included. */
    public void incidents(Context ctx) {
        answer(ctx, "incidents", view -> new V2.IncidentsDocument(view.page(),
                view.incidents(history.recent(view.snapshot(), IncidentKind.INCIDENT))));
    }

    /** {@code incidents/unresolved.json}. */
    public void unresolved(Context ctx) {
        answer(ctx, "unresolved", view -> new V2.IncidentsDocument(view.page(), view.incidents(unresolved(view.snapshot()))));
    }

    /** {@code scheduled-maintenances.json}: the 50 most recent, in any state. */
    public void maintenances(Context ctx) {
        answer(ctx, "maintenances", view -> new V2.MaintenancesDocument(view.page(),
                view.incidents(history.recent(view.snapshot(), IncidentKind.MAINTENANCE))));
    }

    /** {@code scheduled-maintenances/upcoming.json}: still {@code scheduled}, soonest first. */
    public void upcoming(Context ctx) {
        answer(ctx, "upcoming", view -> new V2.MaintenancesDocument(view.page(),
                view.incidents(maintenances(view.snapshot(), true, false))));
    }

    /** {@code scheduled-maintenances/active.json}: {@code in_progress} or {@code verifying}. */
    public void active(Context ctx) {
        answer(ctx, "active", view -> new V2.MaintenancesDocument(view.page(),
                view.incidents(maintenances(view.snapshot(), false, true))));
    }

    private void answer(Context ctx, String document, Function<StatuspageDocuments.View, Object> render) {
        Snapshot snapshot = status.snapshot();
        String language = PublicRead.language(ctx, status.config().defaultLanguage());
        PublicSite site = sites.site(ctx).branded(snapshot.branding());
        var rendered = cache.get("v2/" + document + "|" + language + "|" + site.fingerprint(), snapshot.version(), () -> {
            Set<String> onPage = snapshot.services().stream().map(Service::id).collect(Collectors.toSet());
            created.keySet().retainAll(onPage);
            return RenderedCache.Rendered.of(snapshot.version(), "application/json",
                    Json.write(render.apply(documents.view(snapshot, language, site))));
        });
        PublicRead.send(ctx, snapshot, rendered);
    }

    private static List<Incident> unresolved(Snapshot snapshot) {
        return snapshot.incidents().stream().filter(i -> i.kind() == IncidentKind.INCIDENT && i.isOpen()).toList();
    }

    private static List<Incident> maintenances(Snapshot snapshot, boolean upcoming, boolean active) {
        return snapshot.incidents().stream()
                .filter(i -> i.kind() == IncidentKind.MAINTENANCE)
                .filter(i -> upcoming && i.state() == IncidentState.SCHEDULED
                        || active && (i.state() == IncidentState.IN_PROGRESS || i.state() == IncidentState.VERIFYING))
                .sorted(Comparator.comparing(Incident::scheduledFor))
                .toList();
    }

    private Instant createdAt(Service service) {
        Instant known = created.get(service.id());
        if (known != null) {
            return known;
        }
        try {
            List<StatusPeriod> periods = breaker.read(() -> status.statusHistory(service.id(), Instant.EPOCH,
                    Instant.now().plus(1, ChronoUnit.DAYS)));
            if (!periods.isEmpty()) {
                Instant first = periods.get(0).start();
                created.put(service.id(), first);
                return first;
            }
        } catch (StatusException e) {
            log.debug("cannot read when service {} was added: {}", service.id(), e.getMessage());
        }
        return service.statusSince();
    }
}
