package dev.statusstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statusstream.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Operations, their JSON form both ways and their admin routes, without a database. */
class OperationTest {
    private static final Instant START = Instant.parse("2026-11-28T02:00:00Z");

    private static LocalizedText text(String en, String ja) {
        return new LocalizedText(Map.of("en", en, "ja", ja));
    }

    /** One of each kind, with every field the JSON form can carry. */
    private static List<Operation<?>> examples() {
        return List.of(
                new AddService(new NewService("api", text("API", "エーピーアイ"), "Platform", text("REST", "レスト"), 3)),
                new EditService("api", new ServicePatch(text("API v2", "v2"), "", LocalizedText.EMPTY, 7)),
                new SetStatus("api", Status.DEGRADED, text("Slow", "遅い")),
                new ReorderServices(List.of("web", "api")),
                new RemoveService("api"),
                new OpenIncident(new NewIncident(text("DB upgrade", "更新"), Status.MAINTENANCE, List.of("api"), text("Soon", "近日"),
                        IncidentKind.MAINTENANCE, "2026-11-28-db", START, START.plusSeconds(3600), text("Long", "長い"),
                        text("Age", "古い"), "https://example.com/db", START.plusSeconds(7200))),
                new EditIncident("2026-11-28-db", new IncidentPatch(text("T", "T"), Status.OUTAGE, List.of("api", "web"),
                        LocalizedText.EMPTY, LocalizedText.EMPTY, "", START, START, START.plusSeconds(60))),
                new UpdateIncident("2026-11-28-db", IncidentState.VERIFYING, text("Checking", "確認中")),
                new ResolveIncident("2026-11-28-db", null),
                new Publish(),
                new SetPostmortem("2026-11-28-db", text("What happened", "経緯")),
                new RemovePostmortem("2026-11-28-db"),
                new AddTemplate(new IncidentTemplate("db-failover", text("Failover", "切替"), text("Failing over", "切替中"),
                        Status.DEGRADED, List.of("db"))),
                new EditTemplate("db-failover", text("F", "F"), LocalizedText.EMPTY, Status.OUTAGE, List.of("db", "api")),
                new RemoveTemplate("db-failover"),
                new SetBranding("Acme", "#00aa77", new LogoImage(LogoImage.SVG,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8)), false,
                        "", "mailto:help@example.com"),
                new AddSubscriber(SubscriberKind.SLACK, "https://hooks.slack.com/services/T0/B0/x", List.of("api"), true,
                        "0123456789abcdef-secret", "ja"),
                new RemoveSubscriber("0b5e0c3a-5d3f-4f7e-9c1e-2f9a7b1c4d6e"),
                new CreateToken("deploy-bot", Role.RESPONDER),
                new RevokeToken("deploy-bot"),
                new AddOperator("ana", Role.VIEWER),
                new ChangeOperatorRole("ana", Role.ADMIN),
                new ReissueLink("ana"),
                new RemoveOperator("ana"),
                new SubscribeByEmail("reader@example.org", List.of("api"), "ja"),
                new ConfirmEmail(SubscriberToken.of(SubscriberToken.CONFIRM, "0b5e0c3a-5d3f-4f7e-9c1e-2f9a7b1c4d6e",
                        new byte[32]).toString()),
                new UnsubscribeEmail(SubscriberToken.of(SubscriberToken.UNSUBSCRIBE, "0b5e0c3a-5d3f-4f7e-9c1e-2f9a7b1c4d6e",
                        new byte[32]).toString()),
                new RemoveEmailSubscriber("reader@example.org"),
                new SetControl("api", Control.AUTOMATIC),
                new AddMonitor(NewMonitor.heartbeat("api", java.time.Duration.ofMinutes(5), java.time.Duration.ofMinutes(1), Status.DEGRADED)),
                new AddMonitor(new NewMonitor("api", "api-health", Monitor.Kind.HTTP, "https://api.example.com/health",
                        java.time.Duration.ofSeconds(30), null, java.time.Duration.ofSeconds(5), 200, 204, "ok", 4, 2, null)),
                new AddMonitor(NewMonitor.tcp("api", "db.example.com:5432", java.time.Duration.ofSeconds(30))),
                new RemoveMonitor("api-http"),
                new PauseMonitor("api-http", true));
    }

    @Test
    void opening_from_a_template_reads_back_and_refuses_what_a_template_cannot_carry() {
        var open = OpenIncident.fromTemplate(new FromTemplate("db-failover", text("T", "T"), Status.OUTAGE, List.of("api"),
                text("B", "B"), "x-1", text("D", "D"), "https://example.com"));
        assertEquals(open, readBack(open));
        var e = assertThrows(ValidationException.class, () -> OpenIncident.TYPE.read(k -> null,
                () -> "{\"template\":\"db\",\"kind\":\"maintenance\"}".getBytes(StandardCharsets.UTF_8), "en"));
        assertEquals("kind", e.field());
    }

    /** The path parameters of {@code operation}'s route, read back from its filled path. */
    private static Map<String, String> parameters(Operation<?> operation) {
        Pattern template = Pattern.compile(operation.type().path().replaceAll("\\{([a-z]+)}", "(?<$1>[^/]+)"));
        Matcher m = template.matcher(operation.path());
        assertTrue(m.matches(), operation.path() + " fits " + operation.type().path());
        Map<String, String> values = new HashMap<>();
        for (String name : List.of("id", "slug", "template", "subscriber", "name", "token", "monitor")) {
            if (operation.type().path().contains("{" + name + "}")) {
                values.put(name, m.group(name));
            }
        }
        return values;
    }

    private static Operation<?> readBack(Operation<?> operation) {
        String json = operation.toJson();
        return operation.type().read(parameters(operation)::get,
                () -> json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8), "en");
    }

    @Test
    void every_operation_reads_back_from_its_own_json_and_path_as_an_equal_value() {
        for (Operation<?> operation : examples()) {
            Operation<?> back = readBack(operation);
            if (operation instanceof EditService edit) {
                // the JSON form says "remove" with null, which the admin API reads as the empty value
                assertEquals(new EditService("api", new ServicePatch(edit.patch().label(), "", LocalizedText.EMPTY, 7)), back);
            } else if (operation instanceof EditTemplate edit) {
                assertEquals(edit, back);
            } else {
                assertEquals(operation, back, operation.type().name());
            }
        }
    }

    @Test
    void every_kind_of_operation_has_one_route_of_its_own() {
        var kinds = Arrays.stream(Operation.class.getPermittedSubclasses()).collect(Collectors.toSet());
        assertEquals(kinds, examples().stream().map(Object::getClass).collect(Collectors.toSet()), "an example of each kind");
        assertEquals(kinds.size(), Operation.types().size(), "a type of each kind");
        Set<String> routes = Operation.types().stream().map(t -> t.method() + " " + t.path()).collect(Collectors.toSet());
        assertEquals(kinds.size(), routes.size(), "no two kinds share a route: " + routes);
        for (Operation<?> operation : examples()) {
            assertTrue(Operation.types().contains(operation.type()), operation.type().name());
        }
    }

    @Test
    void the_json_form_is_what_the_admin_api_documents() {
        assertEquals("{\"status\":\"degraded\",\"summary\":{\"en\":\"Slow\"}}",
                new SetStatus("api", Status.DEGRADED, LocalizedText.of("en", "Slow")).toJson());
        assertEquals("/services/api/status", new SetStatus("api", Status.OUTAGE, null).path());
        assertEquals("{\"category\":null,\"description\":null}",
                new EditService("api", new ServicePatch(null, "", LocalizedText.EMPTY, null)).toJson(), "empty removes");
        assertNull(new RemoveService("api").toJson());
    }

    @Test
    void a_request_is_refused_naming_the_field_path_parameters_first() {
        OperationType<Service> type = SetStatus.TYPE;
        Map<String, String> bad = Map.of("id", "Not An Id");
        assertEquals("id", assertThrows(ValidationException.class,
                () -> type.read(bad::get, () -> { throw new AssertionError("the body is not read"); }, "en")).field());
        Map<String, String> api = Map.of("id", "api");
        assertEquals("colour", assertThrows(ValidationException.class,
                () -> type.read(api::get, () -> "{\"status\":\"outage\",\"colour\":\"red\"}".getBytes(StandardCharsets.UTF_8), "en"))
                .field());
        assertEquals("body", assertThrows(ValidationException.class,
                () -> type.read(api::get, () -> "{\"status\":\"outage\",\"status\":\"degraded\"}".getBytes(StandardCharsets.UTF_8), "en"))
                .field(), "a duplicate key");
        assertEquals("status", assertThrows(ValidationException.class,
                () -> type.read(api::get, () -> "{}".getBytes(StandardCharsets.UTF_8), "en")).field());
        var plain = (SetStatus) type.read(api::get, () -> "{\"status\":\"outage\",\"summary\":\"Down\"}".getBytes(StandardCharsets.UTF_8), "ja");
        assertEquals("Down", plain.summary().get("ja"), "a plain string is in the default language");
    }

    @Test
    void operations_validate_themselves_when_built() {
        assertEquals("status", assertThrows(ValidationException.class, () -> new SetStatus("api", null, null)).field());
        assertEquals("id", assertThrows(ValidationException.class, () -> new RemoveService("API!")).field());
        assertEquals("slug", assertThrows(ValidationException.class, () -> new ResolveIncident("no slug", null)).field());
        assertEquals("ids", assertThrows(ValidationException.class, () -> new ReorderServices(null)).field());
        assertEquals("state", assertThrows(ValidationException.class,
                () -> new UpdateIncident("2026-11-28-db", null, null)).field());
    }

    @Test
    void actors_have_one_written_form_each() {
        assertEquals("library", Actor.library().toString());
        assertEquals("scheduler", Actor.scheduler().toString());
        assertEquals("token:ci", Actor.token("ci").toString());
        assertEquals("cli@box", Actor.cli("box").toString());
        assertEquals("actor", assertThrows(ValidationException.class, () -> Actor.token("")).field());
        assertEquals("actor", assertThrows(ValidationException.class, () -> Actor.cli("two words")).field());
    }

    /** The admin API's reply to a service operation: the service's wire form plus its position. */
    private static String serviceReply(long version, String key, Service service) {
        ObjectNode node = Json.mapper().valueToTree(service);
        node.put("position", service.position());
        ObjectNode reply = Json.mapper().createObjectNode().put("version", version);
        reply.set(key, node);
        return reply.toString();
    }

    @Test
    void a_reply_reads_back_as_the_change_the_library_returns() {
        var service = new Service("api", "Platform", text("API", "エーピーアイ"), LocalizedText.EMPTY, 4, Status.OUTAGE,
                text("Down", "停止"), START, START);
        assertEquals(new Change<>(12, service), SetStatus.TYPE.readReply(serviceReply(12, "service", service)));

        var publication = new Publication(9, Publication.Redis.FAILED, "no Redis");
        String reply = "{\"version\":9,\"publication\":" + Json.write(publication) + "}";
        assertEquals(new Change<>(9, publication), Publish.TYPE.readReply(reply));
    }

    @Test
    void every_type_reads_its_own_reply_and_refuses_one_without_its_result() {
        for (OperationType<?> type : Operation.types()) {
            var missing = assertThrows(ValidationException.class, () -> type.readReply("{\"version\":1}"), type.name());
            assertEquals(type.replyKey(), missing.field());
            try {
                type.readReply("{\"version\":1,\"" + type.replyKey() + "\":{}}");
            } catch (ValidationException e) {
                assertTrue(!e.getMessage().contains("cannot be read"), type.name() + " names a reader for its reply");
            }
        }
        assertEquals("version", assertThrows(ValidationException.class,
                () -> SetStatus.TYPE.readReply("{\"service\":{}}")).field());
    }
}
