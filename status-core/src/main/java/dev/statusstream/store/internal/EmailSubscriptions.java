package dev.statusstream.store.internal;

import dev.statusstream.ConfirmEmail;
import dev.statusstream.EmailSignup;
import dev.statusstream.NotFoundException;
import dev.statusstream.SubscribeByEmail;
import dev.statusstream.SubscriberToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * SQL for email subscriptions: asking (double opt-in, a few mails an hour per address), confirming,
 * unsubscribing, forgetting an address, and expiring what was never confirmed. Link tokens come from a
 * random key per subscriber ({@link SubscriberToken}); the confirmation token is single-use (only the
 * hash of the newest is kept, and cleared once used). Stateless; every method runs on the caller's handle.
 */
public final class EmailSubscriptions {
    /** Confirmation mails one address may be sent in an hour. */
    public static final int PER_RECIPIENT_PER_HOUR = 3;
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final Duration CONFIRM_WITHIN = Duration.ofHours(ConfirmEmail.VALID_FOR_HOURS);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ServiceRepository services;

    public EmailSubscriptions(ServiceRepository services) {
        this.services = services;
    }

    /** A new pending subscriber, a refreshed pending one, or an active one left alone; see {@link SubscribeByEmail}. */
    public EmailSignup request(Handle h, SubscribeByEmail asked, String defaultLanguage, Instant now) {
        List<String> missing = services.missing(h, asked.services());
        if (!missing.isEmpty()) {
            throw new NotFoundException("services", "no service with id '" + missing.getFirst() + "'");
        }
        expire(h, now);
        String language = asked.language() != null ? asked.language() : defaultLanguage;
        h.createUpdate("""
                insert into statusstream_subscribers (id, kind, target, service_ids, language, state, created_at, created_by,
                                                      token_key, confirm_requests)
                values (:id, 'email', :email, :services, :language, 'pending', :now, 'subscriber', :key, 0)
                on conflict (lower(target)) where kind = 'email' do nothing""")
                .bind("id", UUID.randomUUID())
                .bind("email", asked.email())
                .bindArray("services", String.class, asked.services().isEmpty() ? null : asked.services().toArray(new String[0]))
                .bind("language", language)
                .bind("now", now)
                .bind("key", newKey())
                .execute();
        Row row = h.createQuery("""
                select cast(id as text) as id, state, token_key, confirm_requests, confirm_window_start, service_ids, language
                from statusstream_subscribers where kind = 'email' and lower(target) = lower(:email) for update""")
                .bind("email", asked.email())
                .map((rs, ctx) -> new Row(rs.getString("id"), rs.getString("state"), rs.getString("token_key"),
                        rs.getInt("confirm_requests"), rs.getTimestamp("confirm_window_start") == null ? null
                                : rs.getTimestamp("confirm_window_start").toInstant(),
                        rs.getArray("service_ids") == null ? List.of() : List.of((String[]) rs.getArray("service_ids").getArray()),
                        rs.getString("language")))
                .one();
        String id = row.id();
        byte[] key = row.tokenKey().getBytes(StandardCharsets.UTF_8);
        String unsubscribe = SubscriberToken.of(SubscriberToken.UNSUBSCRIBE, id, key).toString();
        boolean sameWindow = row.windowStart() != null && row.windowStart().isAfter(now.minus(WINDOW));
        if (sameWindow && row.requests() >= PER_RECIPIENT_PER_HOUR) {
            return new EmailSignup(id, EmailSignup.Outcome.LIMITED, asked.email(), language, asked.services(), null, unsubscribe);
        }
        h.createUpdate("""
                update statusstream_subscribers set confirm_requests = :sent, confirm_window_start = :window where id = :id""")
                .bind("sent", sameWindow ? row.requests() + 1 : 1)
                .bind("window", sameWindow ? row.windowStart() : now)
                .bind("id", UUID.fromString(id))
                .execute();
        if ("active".equals(row.state())) {
            return new EmailSignup(id, EmailSignup.Outcome.ALREADY_SUBSCRIBED, asked.email(), row.language(), row.services(),
                    null, unsubscribe);
        }
        // pending (or disabled after failing): the newest choice and a new single-use confirmation link
        String confirm = SubscriberToken.confirmation(id, key, now).toString();
        h.createUpdate("""
                update statusstream_subscribers set service_ids = :services, language = :language, confirm_token_hash = :hash,
                       confirm_sent_at = :now where id = :id""")
                .bindArray("services", String.class, asked.services().isEmpty() ? null : asked.services().toArray(new String[0]))
                .bind("language", language)
                .bind("hash", hash(confirm))
                .bind("now", now)
                .bind("id", UUID.fromString(id))
                .execute();
        return new EmailSignup(id, EmailSignup.Outcome.CONFIRM, asked.email(), language, asked.services(), confirm, unsubscribe);
    }

    /** Activates the subscriber whose newest confirmation link this is, if it is still valid. */
    public boolean confirm(Handle h, String token, Instant now) {
        Optional<SubscriberToken> parsed = SubscriberToken.parse(token);
        if (parsed.isEmpty()) {
            return false;
        }
        return h.createUpdate("""
                update statusstream_subscribers set state = 'active', confirmed_at = :now, confirm_token_hash = null,
                       failing_since = null, disabled_at = null, disabled_reason = null
                where id = :id and kind = 'email' and state <> 'active' and confirm_token_hash = :hash and confirm_sent_at > :cutoff""")
                .bind("now", now)
                .bind("id", UUID.fromString(parsed.get().subscriberId()))
                .bind("hash", hash(token))
                .bind("cutoff", now.minus(CONFIRM_WITHIN))
                .execute() == 1;
    }

    /** Deletes the subscriber this unsubscribe link names, with its deliveries, if the link is its own. */
    public boolean unsubscribe(Handle h, String token) {
        Optional<SubscriberToken> parsed = SubscriberToken.parse(token);
        if (parsed.isEmpty()) {
            return false;
        }
        UUID id = UUID.fromString(parsed.get().subscriberId());
        Optional<String> key = h.createQuery("select token_key from statusstream_subscribers where id = :id and kind = 'email' for update")
                .bind("id", id).mapTo(String.class).findOne();
        if (key.isEmpty() || !parsed.get().matches(SubscriberToken.UNSUBSCRIBE, key.get().getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        return forget(h, "id = cast(:value as uuid)", id.toString()) == 1;
    }

    /** Deletes the subscriber with this address (any case), with its deliveries; how many were deleted. */
    public int remove(Handle h, String email) {
        return forget(h, "kind = 'email' and lower(target) = lower(:value)", email);
    }

    /** Deletes email subscriptions never confirmed within their time; how many. */
    public int expire(Handle h, Instant now) {
        return forget(h, "kind = 'email' and state = 'pending' and coalesce(confirm_sent_at, created_at) < cast(:value as timestamptz)",
                now.minus(CONFIRM_WITHIN).toString());
    }

    /**
     * Deletes the subscribers {@code where} names, their deliveries (by cascade) and the notifications of
     * the mails about their subscription (which name them); how many subscribers.
     */
    private static int forget(Handle h, String where, String value) {
        return h.createQuery("""
                with gone as (delete from statusstream_subscribers where %s returning cast(id as text) as id),
                     mails as (delete from statusstream_notifications n using gone
                               where n.subject = gone.id and n.event like 'subscription.%%' returning 1)
                select count(*) from gone""".formatted(where))
                .bind("value", value).mapTo(Integer.class).one();
    }

    private record Row(String id, String state, String tokenKey, int requests, Instant windowStart, List<String> services,
            String language) {
    }

    private static String newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
