package dev.statusstream;

import dev.statusstream.internal.TargetAddresses;
import java.util.HashSet;
import java.util.List;

/**
 * Adds a webhook, Slack or Discord subscriber: {@code POST /subscribers} with {@code {"kind", "url",
 * "services"?, "serviceChanges"?, "secret"?, "language"?}}. Its result is the subscriber, with its
 * signing secret (generated when none is given) in that one reply. The URL's host must not resolve to an
 * internal address unless {@code STATUS_ALLOW_PRIVATE_TARGETS} is true. Changes nothing readers of the
 * page see: no new version.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind           webhook, slack or discord (mail addresses subscribe themselves and confirm)
 * @param url            where to send, {@code http://} or {@code https://}
 * @param services       the services to follow; null or empty for the whole page
 * @param serviceChanges whether service status changes made without an incident are sent too
 * @param secret         the signing secret, 16 to 200 printable characters; null to have one generated
 * @param language       the language to be told in; null for the page's default
 */
public record AddSubscriber(SubscriberKind kind, String url, List<String> services, boolean serviceChanges, String secret,
        String language) implements Operation<Subscriber> {
    static final OperationType<Subscriber> TYPE = OperationType.withBody("addSubscriber", "POST", "/subscribers",
            List.of("kind", "url", "services", "serviceChanges", "secret", "language"), true, 201, "subscriber",
            AddSubscriber::read).locatedAt(s -> "/subscribers/" + s.id())
            .replying(OperationReplies.as(Subscriber.class, "subscriber"));
    /** The most services one subscriber may follow. */
    static final int MAX_SERVICES = 200;

    /**
     * Checks every field; the URL is checked for its form here and for its addresses when executed.
     *
     * @throws ValidationException naming the bad field
     */
    public AddSubscriber {
        if (kind == null) {
            throw new ValidationException("kind", "is required (webhook, slack or discord)");
        }
        if (kind == SubscriberKind.EMAIL) {
            throw new ValidationException("kind", "mail addresses subscribe themselves and confirm by mail; add webhook, slack or discord here");
        }
        url = TargetAddresses.parse("url", url).toString();
        services = services == null ? List.of() : List.copyOf(services);
        if (services.size() > MAX_SERVICES) {
            throw new ValidationException("services", "at most " + MAX_SERVICES + " services, was " + services.size());
        }
        var seen = new HashSet<String>();
        for (int i = 0; i < services.size(); i++) {
            try {
                Service.checkId(services.get(i));
            } catch (ValidationException e) {
                throw new ValidationException("services[" + i + "]", e.reason());
            }
            if (!seen.add(services.get(i))) {
                throw new ValidationException("services[" + i + "]", "'" + services.get(i) + "' is listed twice");
            }
        }
        if (secret != null && (secret.length() < 16 || secret.length() > 200 || !secret.chars().allMatch(c -> c > ' ' && c < 0x7f))) {
            throw new ValidationException("secret", "must be 16 to 200 printable ASCII characters without spaces (or absent, to have one generated)");
        }
        language = language == null ? null : LocalizedText.normalizeLanguage(language);
    }

    private static AddSubscriber read(OperationJson.Reader body) {
        Boolean changes = body.bool("serviceChanges");
        return new AddSubscriber(body.parsed("kind", SubscriberKind::parse), body.requiredString("url"), body.strings("services"),
                changes != null && changes, body.string("secret"), body.string("language"));
    }

    @Override
    public OperationType<Subscriber> type() {
        return TYPE;
    }

    @Override
    public String toJson() {
        return new OperationJson.Writer().put("kind", kind).put("url", url).put("services", services.isEmpty() ? null : services)
                .put("serviceChanges", serviceChanges ? Boolean.TRUE : null).put("secret", secret).put("language", language)
                .toString();
    }

    /** Hides the secret from logs. */
    @Override
    public String toString() {
        return "AddSubscriber[" + kind + ", services=" + services + ", serviceChanges=" + serviceChanges + "]";
    }
}
