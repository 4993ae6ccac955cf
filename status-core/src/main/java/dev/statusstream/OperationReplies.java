package dev.statusstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How the values in the admin API's replies to operations are read back: each {@link OperationType}
 * names one of these for its reply key. Stateless.
 */
final class OperationReplies {
    private OperationReplies() {
    }

    /** A value whose JSON form is its record's. */
    static <T> Function<JsonNode, T> as(Class<T> type, String what) {
        return node -> Json.convert(node, type, what);
    }

    /** A service: its wire form plus the sort key the admin API adds (the page's JSON leaves it out). */
    static Service service(JsonNode node) {
        Service s = Json.convert(node, Service.class, "service");
        return new Service(s.id(), s.category(), s.label(), s.description(), node.path("position").asInt(), s.status(),
                s.statusSummary(), s.statusSince(), s.updatedAt());
    }

    static List<Service> services(JsonNode array) {
        List<Service> services = new ArrayList<>();
        array.forEach(node -> services.add(service(node)));
        return List.copyOf(services);
    }
}
