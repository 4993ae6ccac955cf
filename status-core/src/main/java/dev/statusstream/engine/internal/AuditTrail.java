package dev.statusstream.engine.internal;

import dev.statusstream.ApiToken;
import dev.statusstream.Incident;
import dev.statusstream.IssuedLink;
import dev.statusstream.IssuedToken;
import dev.statusstream.Operation;
import dev.statusstream.Operator;
import dev.statusstream.Service;
import dev.statusstream.accounts.internal.AccountRepository;
import dev.statusstream.store.internal.AuditScope;
import dev.statusstream.store.internal.IncidentRepository;
import dev.statusstream.store.internal.ServiceRepository;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * What an operation's audit entry says, from the operation alone, so that a new kind of operation is
 * audited without a line here: the action is its type's name, the target the first two segments of its
 * path ({@code services/api}, {@code incidents/db-upgrade}), or, for an operation that creates something,
 * the created thing. The "before" is read for targets this knows how to read (services, incidents,
 * operators, tokens). Stateless.
 */
final class AuditTrail {
    private AuditTrail() {
    }

    static AuditScope scope(Operation<?> operation, String address, ServiceRepository services, IncidentRepository incidents,
            AccountRepository accounts) {
        String fromPath = target(operation.path());
        Function<Handle, Object> before = h -> read(h, fromPath, services, incidents, accounts);
        return new AuditScope(operation.type().name(), value -> refine(fromPath, value), before, address);
    }

    /** {@code /services/api/status} is {@code services/api}; {@code /incidents} is {@code incidents}. */
    static String target(String path) {
        String[] parts = path.replaceFirst("^/", "").split("/");
        return parts.length >= 2 ? parts[0] + "/" + parts[1] : parts[0];
    }

    private static String refine(String fromPath, Object value) {
        if (fromPath.contains("/")) {
            return fromPath;
        }
        return switch (value) {
            case Service s -> "services/" + s.id();
            case Incident i -> "incidents/" + i.slug();
            case IssuedToken t -> "tokens/" + t.token().name();
            case ApiToken t -> "tokens/" + t.name();
            case IssuedLink l -> "operators/" + l.operator().name();
            case Operator o -> "operators/" + o.name();
            case null, default -> fromPath;
        };
    }

    private static Object read(Handle h, String target, ServiceRepository services, IncidentRepository incidents,
            AccountRepository accounts) {
        int slash = target.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String kind = target.substring(0, slash);
        String name = target.substring(slash + 1);
        return switch (kind) {
            case "services" -> services.find(h, name).orElse(null);
            case "incidents" -> incidents.findBySlug(h, name).orElse(null);
            case "operators" -> accounts.findOperator(h, name).orElse(null);
            case "tokens" -> accounts.findToken(h, name).orElse(null);
            default -> null;
        };
    }
}
