package dev.statusstream.store.internal;

import dev.statusstream.ChangeType;
import dev.statusstream.ConflictException;
import dev.statusstream.Incident;
import dev.statusstream.IncidentKind;
import dev.statusstream.IncidentPatch;
import dev.statusstream.IncidentState;
import dev.statusstream.IncidentUpdate;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.ValidationException;
import java.text.Normalizer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** The rules for opening, updating and resolving incidents and maintenance. Thread-safe (stateless). */
public final class IncidentWrites {
    public static final int MAX_TITLE = 200;
    public static final int MAX_BODY = 10_000;
    private static final DateTimeFormatter SLUG_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    /** Slugs tried per read when a title's slug is taken on that day ({@code -2}, {@code -3}, ...). */
    private static final int SLUGS_PER_READ = 20;

    private final IncidentRepository incidents;
    private final ServiceRepository services;
    private final MaintenanceEffects effects;
    private final String defaultLanguage;

    public IncidentWrites(IncidentRepository incidents, ServiceRepository services, MaintenanceEffects effects,
            String defaultLanguage) {
        this.incidents = incidents;
        this.services = services;
        this.effects = effects;
        this.defaultLanguage = defaultLanguage;
    }

    public Written<Incident> open(WriteTx tx, NewIncident n) {
        n.title().check("title", defaultLanguage, true, MAX_TITLE);
        LocalizedText body = n.body() == null ? LocalizedText.EMPTY : n.body();
        body.check("body", defaultLanguage, false, MAX_BODY);
        if (n.description() != null) {
            n.description().check("description", defaultLanguage, false, MAX_BODY);
        }
        if (n.cause() != null) {
            n.cause().check("cause", defaultLanguage, false, MAX_BODY);
        }
        requireServices(tx, n.serviceIds());
        if (n.kind() == IncidentKind.MAINTENANCE && !n.scheduledUntil().isAfter(tx.now())) {
            throw new ValidationException("scheduledUntil", "is in the past (" + n.scheduledUntil() + "); a window must end after now");
        }
        String slug = n.slug() != null ? n.slug() : uniqueSlug(tx, n.title().resolve(List.of(), defaultLanguage), tx.now());
        if (n.slug() != null && incidents.slugExists(tx.handle(), slug)) {
            throw new ConflictException("slug", "an incident with slug '" + slug + "' already exists");
        }
        IncidentState state = n.kind().initialState();
        Instant startedAt = n.kind() == IncidentKind.MAINTENANCE ? n.scheduledFor() : tx.now();
        var update = new IncidentUpdate(IncidentRepository.newId(), state, body, tx.now());
        var incident = new Incident(IncidentRepository.newId(), slug, n.kind(), n.impact(), state, n.serviceIds(), n.title(),
                n.description(), tx.now(), startedAt, tx.now(), null, n.estimatedResolveDate(), n.scheduledFor(),
                n.scheduledUntil(), n.cause(), n.externalLink(), List.of(update));
        incidents.insert(tx.handle(), incident);
        incidents.insertUpdate(tx.handle(), incident.id(), update, tx.version());
        ChangeType type = n.kind() == IncidentKind.MAINTENANCE ? ChangeType.INCIDENT_SCHEDULED : ChangeType.INCIDENT_OPENED;
        return new Written<>(incident, type, slug, incident);
    }

    /**
     * Posts an update that moves the open incident to {@code state}; a final state resolves it. A
     * resolved incident or completed maintenance takes no more updates: a silent reopening would put
     * an old problem back on the page.
     */
    public Written<Incident> postUpdate(WriteTx tx, String slug, IncidentState state, LocalizedText body) {
        Incident old = incidents.requireBySlug(tx.handle(), slug);
        if (!old.isOpen()) {
            throw new ConflictException("slug", old.kind().wireName() + " '" + slug
                    + "' is already " + old.state() + " and takes no more updates; open a new "
                    + old.kind().wireName() + " for a new problem");
        }
        if (state.kind() != old.kind()) {
            throw new ValidationException("state", "'" + state + "' is not a state of " + article(old.kind()) + " (expected one of "
                    + Stream.of(IncidentState.values()).filter(s -> s.kind() == old.kind())
                            .map(IncidentState::wireName).collect(Collectors.joining(", ")) + ")");
        }
        if (state == IncidentState.SCHEDULED && old.state() != IncidentState.SCHEDULED
                && old.scheduledFor() != null && !old.scheduledFor().isAfter(tx.now())) {
            // the schedule would start it again at once: a postponed window needs a new start first
            throw new ConflictException("state", "maintenance '" + slug + "' began at " + old.scheduledFor()
                    + "; move its window to a later start (reschedule) to put it back to scheduled");
        }
        (body == null ? LocalizedText.EMPTY : body).check("body", defaultLanguage, true, MAX_BODY);
        return append(tx, old, state, body, ChangeType.INCIDENT_UPDATED);
    }

    /** Moves the incident to its final state ({@code resolved}, or {@code completed} for a maintenance). */
    public Written<Incident> resolve(WriteTx tx, String slug, LocalizedText body) {
        Incident old = incidents.requireBySlug(tx.handle(), slug);
        if (!old.isOpen()) {
            throw new ConflictException("slug", "incident '" + slug + "' is already " + old.state());
        }
        LocalizedText checked = (body == null ? LocalizedText.EMPTY : body).check("body", defaultLanguage, false, MAX_BODY);
        return append(tx, old, old.kind().finalState(), checked, ChangeType.INCIDENT_RESOLVED);
    }

    /**
     * Changes what an incident says or covers without posting an update. A maintenance that is active
     * puts services added to it under maintenance and restores the ones removed.
     */
    public Written<Incident> edit(WriteTx tx, String slug, IncidentPatch patch) {
        if (patch.isEmpty()) {
            throw new ValidationException("body", "names no field to change");
        }
        Incident old = incidents.requireBySlug(tx.handle(), slug);
        LocalizedText title = patch.title() == null ? old.title() : patch.title().check("title", defaultLanguage, true, MAX_TITLE);
        LocalizedText description = patch.description() == null ? old.description()
                : patch.description().check("description", defaultLanguage, false, MAX_BODY);
        LocalizedText cause = patch.cause() == null ? old.cause()
                : patch.cause().isEmpty() ? null : patch.cause().check("cause", defaultLanguage, false, MAX_BODY);
        String link = patch.externalLink() == null ? old.externalLink()
                : patch.externalLink().isEmpty() ? null : patch.externalLink();
        List<String> serviceIds = patch.serviceIds() == null ? old.affectedServiceIds() : patch.serviceIds();
        requireServices(tx, serviceIds);
        Instant scheduledFor = old.scheduledFor();
        Instant scheduledUntil = old.scheduledUntil();
        if (patch.scheduledFor() != null || patch.scheduledUntil() != null) {
            String field = patch.scheduledFor() != null ? "scheduledFor" : "scheduledUntil";
            if (old.kind() != IncidentKind.MAINTENANCE) {
                throw new ValidationException(field, "is only allowed for kind maintenance");
            }
            if (!old.isOpen()) {
                throw new ConflictException(field, "maintenance '" + slug + "' is already " + old.state()
                        + "; its window can no longer move");
            }
            scheduledFor = patch.scheduledFor() == null ? scheduledFor : patch.scheduledFor();
            scheduledUntil = patch.scheduledUntil() == null ? scheduledUntil : patch.scheduledUntil();
            if (!scheduledUntil.isAfter(scheduledFor)) {
                throw new ValidationException("scheduledUntil", "must be after scheduledFor (" + scheduledFor + ")");
            }
        }
        Instant startedAt = old.kind() == IncidentKind.MAINTENANCE && old.state() == IncidentState.SCHEDULED
                ? scheduledFor : old.startedAt();
        var incident = new Incident(old.id(), old.slug(), old.kind(), patch.impact() == null ? old.impact() : patch.impact(),
                old.state(), serviceIds, title, description, old.publishedAt(), startedAt, tx.now(), old.resolvedAt(),
                patch.estimatedResolveDate() == null ? old.estimatedResolveDate() : patch.estimatedResolveDate(),
                scheduledFor, scheduledUntil, cause, link, old.updates(), old.postmortem());
        incidents.update(tx.handle(), incident);
        if (old.kind() == IncidentKind.MAINTENANCE && isActive(old.state())) {
            effects.restore(tx, incident, old.affectedServiceIds().stream().filter(id -> !serviceIds.contains(id)).toList());
            effects.apply(tx, incident, serviceIds.stream().filter(id -> !old.affectedServiceIds().contains(id)).toList());
        }
        return new Written<>(incident, ChangeType.INCIDENT_EDITED, slug, incident);
    }

    /**
     * Moves a maintenance window along because of the clock: {@code scheduled} to {@code inProgress}
     * once its start has passed (straight to {@code completed} if its end has passed too), and
     * {@code inProgress} or {@code verifying} to {@code completed} once its end has passed, each with
     * an automatic update.
     *
     * @throws NothingToCommit when the window is not due (another node moved it first)
     */
    public Written<Incident> advance(WriteTx tx, String slug) {
        Incident old = incidents.requireBySlug(tx.handle(), slug);
        if (old.kind() != IncidentKind.MAINTENANCE) {
            throw new NothingToCommit(slug + " is not a maintenance");
        }
        boolean ended = !old.scheduledUntil().isAfter(tx.now());
        if (old.state() == IncidentState.SCHEDULED && !old.scheduledFor().isAfter(tx.now())) {
            return ended ? append(tx, old, IncidentState.COMPLETED, AutomaticTexts.completed(defaultLanguage), ChangeType.INCIDENT_COMPLETED)
                    : append(tx, old, IncidentState.IN_PROGRESS, AutomaticTexts.started(defaultLanguage), ChangeType.INCIDENT_STARTED);
        }
        if (isActive(old.state()) && ended) {
            return append(tx, old, IncidentState.COMPLETED, AutomaticTexts.completed(defaultLanguage), ChangeType.INCIDENT_COMPLETED);
        }
        throw new NothingToCommit(slug + " is " + old.state() + " and not due");
    }

    private void requireServices(WriteTx tx, List<String> serviceIds) {
        List<String> missing = services.missing(tx.handle(), serviceIds);
        if (!missing.isEmpty()) {
            throw new ValidationException("services[" + serviceIds.indexOf(missing.get(0)) + "]",
                    "no service with id '" + missing.get(0) + "'");
        }
    }

    /** A maintenance in progress or being verified holds its services in {@code maintenance}. */
    private static boolean isActive(IncidentState state) {
        return state == IncidentState.IN_PROGRESS || state == IncidentState.VERIFYING;
    }

    private Written<Incident> append(WriteTx tx, Incident old, IncidentState state, LocalizedText body, ChangeType type) {
        var update = new IncidentUpdate(IncidentRepository.newId(), state, body, tx.now());
        Instant resolvedAt = state.isFinal() ? (old.isOpen() ? tx.now() : old.resolvedAt()) : null;
        List<IncidentUpdate> updates = new ArrayList<>();
        updates.add(update);
        updates.addAll(old.updates());
        var incident = new Incident(old.id(), old.slug(), old.kind(), old.impact(), state, old.affectedServiceIds(),
                old.title(), old.description(), old.publishedAt(), old.startedAt(), tx.now(), resolvedAt,
                old.estimatedResolveDate(), old.scheduledFor(), old.scheduledUntil(), old.cause(), old.externalLink(),
                updates, old.postmortem());
        incidents.update(tx.handle(), incident);
        incidents.insertUpdate(tx.handle(), incident.id(), update, tx.version());
        if (old.kind() == IncidentKind.MAINTENANCE && isActive(state) != isActive(old.state())) {
            if (isActive(state)) {
                effects.apply(tx, incident, incident.affectedServiceIds());
            } else {
                effects.restore(tx, incident, incident.affectedServiceIds());
            }
        }
        return new Written<>(incident, type, incident.slug(), incident);
    }

    /** {@code 2026-11-27-api-latency}, with {@code -2}, {@code -3}... when taken. */
    private String uniqueSlug(WriteTx tx, String title, Instant now) {
        String words = Normalizer.normalize(title, Normalizer.Form.NFKD)
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (words.length() > 48) {
            words = words.substring(0, 48).replaceAll("-+$", "");
        }
        String base = SLUG_DATE.format(now) + (words.isEmpty() ? "-incident" : "-" + words);
        // one read per 20 tries, not one per try: a write holds the page's version meanwhile
        for (int first = 1; ; first += SLUGS_PER_READ) {
            List<String> tries = IntStream.range(first, first + SLUGS_PER_READ)
                    .mapToObj(n -> n == 1 ? base : base + "-" + n).toList();
            Set<String> taken = incidents.takenSlugs(tx.handle(), tries);
            for (String slug : tries) {
                if (!taken.contains(slug)) {
                    return slug;
                }
            }
        }
    }

    private static String article(IncidentKind kind) {
        return kind == IncidentKind.INCIDENT ? "an incident" : "a maintenance";
    }
}
