package dev.statusstream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Someone told of changes: a webhook, a chat hook or a mail address, with the services it follows.
 *
 * <p>Immutable and thread-safe. Its JSON form is what {@code GET /api/admin/subscribers} lists.
 *
 * @param id             a UUID
 * @param kind           how it is told
 * @param target         the mail address, or the URL; where subscribers are listed (the admin API, the CLI, the audit
 *                       log) a URL is {@link #redacted() redacted} to its scheme and host, because the whole URL of a
 *                       Slack or Discord hook is its credential; only delivery reads it whole
 * @param services       the services it follows; empty for the whole page
 * @param serviceChanges whether service status changes made without an incident are sent to it
 * @param language       the language it is told in
 * @param state          whether it is told anything
 * @param createdAt      when it was added
 * @param createdBy      who added it ({@link Actor#toString()}, or {@code subscriber} for a self-service subscription)
 * @param confirmedAt    when it was confirmed (at creation for those added by an operator), or null while pending
 * @param failingSince   since when every delivery to it failed, or null while it works
 * @param disabledReason why it was disabled, or null
 * @param secret         the webhook's signing secret: only in the reply that created it, null everywhere else
 */
@JsonPropertyOrder({"id", "kind", "target", "services", "serviceChanges", "language", "state", "createdAt", "createdBy",
    "confirmedAt", "failingSince", "disabledReason", "secret"})
public record Subscriber(
        String id,
        SubscriberKind kind,
        String target,
        List<String> services,
        boolean serviceChanges,
        String language,
        SubscriberState state,
        Instant createdAt,
        String createdBy,
        Instant confirmedAt,
        Instant failingSince,
        String disabledReason,
        @JsonInclude(JsonInclude.Include.NON_NULL) String secret) implements HoldsSecret {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /**
     * Checks the fields that must be there; a null service list becomes empty.
     *
     * @throws ValidationException when the id is not a UUID
     * @throws NullPointerException naming a missing field
     */
    public Subscriber {
        checkId(id);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        services = services == null ? List.of() : List.copyOf(services);
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
    }

    /**
     * Checks a subscriber id.
     *
     * @param id the text to check
     * @return the id
     * @throws ValidationException naming {@code id} when it is not a lowercase UUID
     */
    public static String checkId(String id) {
        if (id == null || !UUID.matcher(id).matches()) {
            throw new ValidationException("id", "'" + id + "' is not a subscriber id (a UUID like 0b5e0c3a-5d3f-4f7e-9c1e-2f9a7b1c4d6e)");
        }
        return id;
    }

    /**
     * Whether a notification about these services concerns this subscriber.
     *
     * @param about the services a notification is about; empty for the whole page
     * @return true when it follows the whole page, the notification concerns the whole page, or they share a service
     */
    public boolean follows(List<String> about) {
        return services.isEmpty() || about.isEmpty() || about.stream().anyMatch(services::contains);
    }

    /**
     * For logs: neither the target (a chat hook's URL is its credential) nor the secret.
     *
     * @return the id, kind and state
     */
    @Override
    public String toString() {
        return "Subscriber[" + id + " " + kind + " " + state + "]";
    }

    /**
     * The same subscriber as it is shown: a URL cut to its scheme, host and port followed by
     * {@code /…} ({@code https://hooks.slack.com/…}), since the rest of a chat hook's URL is its
     * credential and a webhook's often holds a token; a mail address as it is. The id tells subscribers apart.
     *
     * @return a copy with the target redacted, or this one for a mail address or a target redacted already
     */
    public Subscriber redacted() {
        String shown = redact(kind, target);
        return shown.equals(target) ? this : new Subscriber(id, kind, shown, services, serviceChanges, language, state, createdAt,
                createdBy, confirmedAt, failingSince, disabledReason, secret);
    }

    /**
     * A target as it may be shown.
     *
     * @param kind   the subscriber's kind
     * @param target its URL or mail address
     * @return {@code scheme://host[:port]/…} for a URL, the address itself for mail
     */
    public static String redact(SubscriberKind kind, String target) {
        if (kind == SubscriberKind.EMAIL || target.endsWith("/…")) {
            return target;
        }
        try {
            URI uri = new URI(target);
            if (uri.getScheme() != null && uri.getHost() != null) {
                return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/…";
            }
        } catch (URISyntaxException e) {
            // shown as nothing but the ellipsis below
        }
        return "…";
    }

    /**
     * The same subscriber as shown to someone who may read but not manage subscribers: a mail address is
     * personal data, so it is hidden, and a URL is {@link #redacted() redacted} as for everyone.
     *
     * @return a copy with {@link #target()} reduced to {@code https://host/…}, or {@code hidden} for a mail
     *         address, and without its secret
     */
    public Subscriber withTargetHidden() {
        String shown = kind == SubscriberKind.EMAIL ? "hidden" : redact(kind, target);
        return new Subscriber(id, kind, shown, services, serviceChanges, language, state, createdAt, createdBy, confirmedAt,
                failingSince, disabledReason, null);
    }

    /**
     * The same subscriber without its secret, as it is listed.
     *
     * @return a copy whose {@link #secret()} is null
     */
    @Override
    public Subscriber withoutSecret() {
        return new Subscriber(id, kind, target, services, serviceChanges, language, state, createdAt, createdBy,
                confirmedAt, failingSince, disabledReason, null);
    }
}
