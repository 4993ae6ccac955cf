package dev.statusstream.notify.internal;

import dev.statusstream.Actor;
import dev.statusstream.AddSubscriber;
import dev.statusstream.NotFoundException;
import dev.statusstream.Subscriber;
import dev.statusstream.SubscriberState;
import dev.statusstream.ValidationException;
import dev.statusstream.internal.TargetAddresses;
import dev.statusstream.store.internal.ServiceRepository;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** The rules of adding and removing subscribers, inside a write's transaction. Thread-safe. */
public final class SubscriberWrites {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SubscriberRepository subscribers;
    private final ServiceRepository services;
    private final TargetAddresses targets;
    private final String defaultLanguage;

    public SubscriberWrites(SubscriberRepository subscribers, ServiceRepository services, TargetAddresses targets,
            String defaultLanguage) {
        this.subscribers = subscribers;
        this.services = services;
        this.targets = targets;
        this.defaultLanguage = defaultLanguage;
    }

    /**
     * Adds an active subscriber, with the secret it signs with in the result (generated when not given).
     *
     * @throws ValidationException when a service does not exist or the URL resolves to an internal address
     */
    public Subscriber add(Handle h, AddSubscriber add, Actor actor, Instant now) {
        List<String> missing = services.missing(h, add.services());
        if (!missing.isEmpty()) {
            int index = add.services().indexOf(missing.getFirst());
            throw new ValidationException("services[" + index + "]", "there is no service '" + missing.getFirst() + "'");
        }
        targets.check("url", add.url());
        String secret = add.secret() != null ? add.secret() : "whsec_" + HexFormat.of().formatHex(randomBytes(32));
        var subscriber = new Subscriber(UUID.randomUUID().toString(), add.kind(), add.url(), add.services(), add.serviceChanges(),
                add.language() != null ? add.language() : defaultLanguage, SubscriberState.ACTIVE, now, actor.toString(), now,
                null, null, secret);
        subscribers.insert(h, subscriber, secret, null);
        // the reply (and the audit log, which keeps it) shows the URL redacted: the caller has it already
        return subscriber.redacted();
    }

    /** Deletes a subscriber and its deliveries. */
    public Subscriber remove(Handle h, String id) {
        return subscribers.delete(h, id).orElseThrow(() -> new NotFoundException("id", "no subscriber with id '" + id + "'"));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
