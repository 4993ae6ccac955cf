package dev.statusstream.notify.internal;

import dev.statusstream.Subscriber;
import dev.statusstream.SubscriberKind;
import dev.statusstream.SubscriberState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The subscribers' rows. Stateless; thread-safe. */
public final class SubscriberRepository {
    private static final String COLUMNS = """
            id, kind, target, service_ids, service_changes, language, state, created_at, created_by, confirmed_at,
            failing_since, disabled_reason, secret, token_key""";

    /** A subscriber with the secrets a channel needs, which listings never show. */
    public record WithSecrets(Subscriber subscriber, String secret, String tokenKey) {
    }

    public void insert(Handle h, Subscriber s, String secret, String tokenKey) {
        h.createUpdate("""
                insert into statusstream_subscribers (id, kind, target, secret, service_ids, service_changes, language, state,
                    created_at, created_by, confirmed_at, token_key)
                values (cast(:id as uuid), :kind, :target, :secret, :services, :serviceChanges, :language, :state,
                    :createdAt, :createdBy, :confirmedAt, :tokenKey)""")
                .bind("id", s.id())
                .bind("kind", s.kind().wireName())
                .bind("target", s.target())
                .bind("secret", secret)
                .bindArray("services", String.class, s.services().isEmpty() ? null : s.services())
                .bind("serviceChanges", s.serviceChanges())
                .bind("language", s.language())
                .bind("state", s.state().wireName())
                .bind("createdAt", s.createdAt())
                .bind("createdBy", s.createdBy())
                .bind("confirmedAt", s.confirmedAt())
                .bind("tokenKey", tokenKey)
                .execute();
    }

    /** A subscriber as it is shown: its URL {@link Subscriber#redacted() redacted}. */
    public Optional<Subscriber> find(Handle h, String id) {
        return h.createQuery("select " + COLUMNS + " from statusstream_subscribers where id = cast(:id as uuid)")
                .bind("id", id)
                .map((rs, ctx) -> subscriber(rs).redacted())
                .findOne();
    }

    /** Subscribers by id, with their secrets, for the deliveries of one claim. */
    List<WithSecrets> withSecrets(Handle h, Collection<String> ids) {
        return h.createQuery("select " + COLUMNS + " from statusstream_subscribers where id = any(cast(:ids as uuid[]))")
                .bindArray("ids", String.class, ids)
                .map((rs, ctx) -> new WithSecrets(subscriber(rs), rs.getString("secret"), rs.getString("token_key")))
                .list();
    }

    /**
     * One page of subscribers in the order they were added, after the subscriber {@code after} (null:
     * from the first), as they are shown: URLs {@link Subscriber#redacted() redacted}.
     */
    public List<Subscriber> page(Handle h, String after, int limit) {
        return h.createQuery("select " + COLUMNS + """
                 from statusstream_subscribers
                where cast(:after as uuid) is null
                   or (created_at, id) > (select created_at, id from statusstream_subscribers where id = cast(:after as uuid))
                order by created_at, id
                limit :limit""")
                .bind("after", after)
                .bind("limit", limit)
                .map((rs, ctx) -> subscriber(rs).redacted())
                .list();
    }

    /** Deletes the subscriber and, with it, every delivery to it; returns it as it is shown. */
    public Optional<Subscriber> delete(Handle h, String id) {
        return h.createQuery("delete from statusstream_subscribers where id = cast(:id as uuid) returning " + COLUMNS)
                .bind("id", id)
                .map((rs, ctx) -> subscriber(rs).redacted())
                .findOne();
    }

    private static Subscriber subscriber(ResultSet rs) throws SQLException {
        List<String> services = DeliveryRepository.strings(rs.getArray("service_ids"));
        return new Subscriber(rs.getString("id"), SubscriberKind.parse(rs.getString("kind")), rs.getString("target"),
                services, rs.getBoolean("service_changes"), rs.getString("language"),
                SubscriberState.parse(rs.getString("state")), DeliveryRepository.instant(rs, "created_at"),
                rs.getString("created_by"), DeliveryRepository.instant(rs, "confirmed_at"),
                DeliveryRepository.instant(rs, "failing_since"), rs.getString("disabled_reason"), null);
    }
}
