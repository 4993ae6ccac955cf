package dev.statusstream.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.IncidentKind;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.NewService;
import dev.statusstream.Status;
import dev.statusstream.server.testing.AdminHttp;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.net.URI;
import java.net.http.HttpRequest;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input against the real server: each row is a request with the status, the field and the words
 * the reply must have, and after each one the database is byte for byte what it was (same version,
 * same rows).
 */
class AdminBadInputTest {
    private static final String TOKEN = "bad-input-test-token-0123456789";
    private static final String FUTURE = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    private static final String LATER = Instant.now().plus(31, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    private static String database;
    private static TestNode node;
    private static AdminHttp admin;

    /** One bad request and what it must get. {@code contentType} null sends none. */
    record Case(String name, String method, String path, String contentType, String body, int status, String field,
            String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case json(String name, String method, String path, String body, int status, String field, String says) {
        return new Case(name, method, path, "application/json", body, status, field, says);
    }

    @BeforeAll
    static void start() {
        database = TestServices.newMigratedDatabase();
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", database, "STATUS_ADMIN_TOKEN", TOKEN));
        admin = new AdminHttp(node, TOKEN);
        var status = node.status();
        status.addService(NewService.of("api", LocalizedText.of("en", "API")));
        status.addService(NewService.of("web", LocalizedText.of("en", "Web")));
        status.openIncident(new NewIncident(LocalizedText.of("en", "Open"), Status.OUTAGE, List.of("api"), null,
                IncidentKind.INCIDENT, "open-incident", null, null, null, null, null, null));
        status.openIncident(new NewIncident(LocalizedText.of("en", "Old"), Status.OUTAGE, List.of(), null,
                IncidentKind.INCIDENT, "old-incident", null, null, null, null, null, null));
        status.resolveIncident("old-incident", null);
        status.openIncident(new NewIncident(LocalizedText.of("en", "Window"), Status.MAINTENANCE, List.of("web"), null,
                IncidentKind.MAINTENANCE, "future-window", Instant.parse(FUTURE), Instant.parse(LATER), null, null, null, null));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static Stream<Case> cases() {
        String services = "/api/admin/services";
        String incidents = "/api/admin/incidents";
        String updates = incidents + "/open-incident/updates";
        return Stream.of(
                // services: ids, texts, fields, types
                json("a service id with capitals and a space", "POST", services, "{\"id\":\"Bad Id\",\"label\":\"x\"}", 400, "id", "is not a service id"),
                json("a service id that is taken", "POST", services, "{\"id\":\"api\",\"label\":\"x\"}", 409, "id", "already exists"),
                json("a service id that is a number", "POST", services, "{\"id\":123,\"label\":\"x\"}", 400, "id", "must be a string"),
                json("a service without a label", "POST", services, "{\"id\":\"new\"}", 400, "label", "is required"),
                json("an empty label", "POST", services, "{\"id\":\"new\",\"label\":\"\"}", 400, "label", "is empty"),
                json("a label of blanks", "POST", services, "{\"id\":\"new\",\"label\":\"   \"}", 400, "label", "is empty"),
                json("a label of 101 characters", "POST", services, "{\"id\":\"new\",\"label\":\"" + "x".repeat(101) + "\"}", 400,
                        "label.en", "at most 100"),
                json("a label without the default language", "POST", services, "{\"id\":\"new\",\"label\":{\"ja\":\"名前\"}}", 400,
                        "label", "default language 'en'"),
                json("a label keyed by something that is not a language", "POST", services,
                        "{\"id\":\"new\",\"label\":{\"en\":\"x\",\"english!\":\"x\"}}", 400, "label", "not a language tag"),
                json("a label that is a list", "POST", services, "{\"id\":\"new\",\"label\":[\"x\"]}", 400, "label", "must be a string or an object"),
                json("a category of 65 characters", "POST", services,
                        "{\"id\":\"new\",\"label\":\"x\",\"category\":\"" + "c".repeat(65) + "\"}", 400, "category", "longer than 64"),
                json("a fractional position", "POST", services, "{\"id\":\"new\",\"label\":\"x\",\"position\":1.5}", 400, "position", "whole number"),
                json("a negative position", "POST", services, "{\"id\":\"new\",\"label\":\"x\",\"position\":-1}", 400, "position", "whole number"),
                json("an unknown field", "POST", services, "{\"id\":\"new\",\"label\":\"x\",\"colour\":\"red\"}", 400, "colour",
                        "is not a field of this request"),
                // what PostgreSQL cannot store, or readers cannot see
                json("a label with NUL", "POST", services, "{\"id\":\"new\",\"label\":\"a\\u0000b\"}", 400, "label", "U+0000"),
                json("a label with a lone surrogate", "POST", services, "{\"id\":\"new\",\"label\":\"x\\ud800\"}", 400, "label",
                        "lone surrogate"),
                json("a label of invisible characters only", "POST", services,
                        "{\"id\":\"new\",\"label\":\"\\u200b\\u202e\\ufeff\"}", 400, "label.en", "only invisible characters"),
                json("a description with a control character", "POST", services,
                        "{\"id\":\"new\",\"label\":\"x\",\"description\":\"a\\u001b[31m\"}", 400, "description.en", "U+001B"),
                json("a category with NUL", "POST", services, "{\"id\":\"new\",\"label\":\"x\",\"category\":\"a\\u0000\"}", 400,
                        "category", "U+0000"),
                json("a summary in Japanese with NUL", "PUT", services + "/api/status",
                        "{\"status\":\"outage\",\"summary\":{\"en\":\"x\",\"ja\":\"\\u0000\"}}", 400, "summary", "U+0000"),
                json("reordering with NUL for an id", "PUT", services + "/order", "{\"ids\":[\"\\u0000\"]}", 400, "ids[0]",
                        "is not a service id"),
                json("a link with NUL", "POST", incidents, "{\"title\":\"t\",\"impact\":\"outage\",\"externalLink\":\"https://a\\u0000\"}",
                        400, "externalLink", "http:// or https://"),
                json("an update body of a right-to-left mark only", "POST", updates, "{\"state\":\"identified\",\"body\":\"\\u202e\"}",
                        400, "body.en", "only invisible characters"),
                json("a window in the year 999999999", "POST", incidents, "{\"title\":\"m\",\"kind\":\"maintenance\",\"scheduledFor\":"
                        + "\"+999999999-01-01T00:00:00Z\",\"scheduledUntil\":\"+999999999-01-02T00:00:00Z\"}", 400, "scheduledFor",
                        "out of range"),
                json("a window shorter than a microsecond (PostgreSQL would store it empty)", "POST", incidents,
                        "{\"title\":\"m\",\"kind\":\"maintenance\",\"scheduledFor\":\"" + FUTURE + "\",\"scheduledUntil\":\""
                        + FUTURE.replace("Z", ".000000001Z") + "\"}", 400, "scheduledUntil", "must be after"),
                json("a window ending after the year 9999", "POST", incidents, "{\"title\":\"m\",\"kind\":\"maintenance\",\"scheduledFor\":\""
                        + FUTURE + "\",\"scheduledUntil\":\"+10000-01-01T00:00:00Z\"}", 400, "scheduledUntil", "out of range"),
                json("an estimated resolution before the year 1", "POST", incidents,
                        "{\"title\":\"t\",\"impact\":\"outage\",\"estimatedResolveDate\":\"-4713-01-01T00:00:00Z\"}", 400,
                        "estimatedResolveDate", "out of range"),
                json("moving a window to the year 999999999", "PATCH", incidents + "/future-window",
                        "{\"scheduledUntil\":\"+999999999-12-31T23:59:59Z\"}", 400, "scheduledUntil", "out of range"),
                json("publishing with a field", "POST", "/api/admin/publish", "{\"force\":true}", 400, "force", "is not a field"),
                // the body itself
                json("malformed JSON", "POST", services, "{\"id\":\"new\",\"label\":\"x\",}", 400, "body", "is not valid JSON"),
                json("JSON with something after it", "POST", services, "{\"id\":\"new\",\"label\":\"x\"} {}", 400, "body", "is not valid JSON"),
                json("a duplicated key", "POST", services, "{\"id\":\"new\",\"id\":\"other\",\"label\":\"x\"}", 400, "body", "Duplicate field"),
                json("a list instead of an object", "POST", services, "[{\"id\":\"new\",\"label\":\"x\"}]", 400, "body", "must be a JSON object"),
                json("no body", "POST", services, null, 400, "body", "is required"),
                new Case("text/plain", "POST", services, "text/plain", "{\"id\":\"new\",\"label\":\"x\"}", 415, "Content-Type", "application/json"),
                new Case("no content type", "POST", services, null, "{\"id\":\"new\",\"label\":\"x\"}", 415, "Content-Type", "was none"),
                new Case("JSON in Latin-1", "POST", services, "application/json; charset=iso-8859-1", "{\"id\":\"new\",\"label\":\"x\"}",
                        415, "Content-Type", "UTF-8"),
                new Case("XML to an incident", "POST", updates, "application/xml", "<update/>", 415, "Content-Type", "application/json"),
                json("a body over 64 KiB", "POST", services, "{\"id\":\"new\",\"label\":\"" + "x".repeat(70_000) + "\"}", 413, "body",
                        "larger than 65536 bytes"),
                // changing, deleting, setting a status
                json("a patch that changes nothing", "PATCH", services + "/api", "{}", 400, "body", "names no field"),
                json("removing a label", "PATCH", services + "/api", "{\"label\":null}", 400, "label", "cannot be removed"),
                json("patching a service that does not exist", "PATCH", services + "/ghost", "{\"label\":\"x\"}", 404, "id", "'ghost'"),
                json("a malformed id in the path", "PATCH", services + "/BAD", "{\"label\":\"x\"}", 400, "id", "is not a service id"),
                json("deleting a service that does not exist", "DELETE", services + "/ghost", null, 404, "id", "'ghost'"),
                json("an unknown status", "PUT", services + "/api/status", "{\"status\":\"sideways\"}", 400, "status",
                        "unknown status 'sideways' (expected one of operational"),
                json("a status that is missing", "PUT", services + "/api/status", "{\"summary\":\"x\"}", 400, "status", "is required"),
                json("a misspelt summary", "PUT", services + "/api/status", "{\"status\":\"outage\",\"sumary\":\"typo\"}", 400, "sumary",
                        "is not a field"),
                json("a summary of 501 characters", "PUT", services + "/api/status",
                        "{\"status\":\"outage\",\"summary\":\"" + "s".repeat(501) + "\"}", 400, "summary.en", "at most 500"),
                json("a summary in one language that is a number", "PUT", services + "/api/status",
                        "{\"status\":\"outage\",\"summary\":{\"en\":\"x\",\"ja\":42}}", 400, "summary.ja", "must be a string"),
                json("the status of a service that does not exist", "PUT", services + "/ghost/status", "{\"status\":\"outage\"}", 404,
                        "id", "'ghost'"),
                json("reordering with an unknown id", "PUT", services + "/order", "{\"ids\":[\"web\",\"ghost\"]}", 400, "ids[1]", "'ghost'"),
                json("reordering with an id twice", "PUT", services + "/order", "{\"ids\":[\"web\",\"web\"]}", 400, "ids[1]", "listed twice"),
                // incidents
                json("an incident without a title", "POST", incidents, "{\"impact\":\"outage\"}", 400, "title", "is required"),
                json("an incident without an impact", "POST", incidents, "{\"title\":\"t\"}", 400, "impact", "is required"),
                json("an unknown impact", "POST", incidents, "{\"title\":\"t\",\"impact\":\"bad\"}", 400, "impact", "unknown status 'bad'"),
                json("an unknown kind", "POST", incidents, "{\"title\":\"t\",\"impact\":\"outage\",\"kind\":\"outage\"}", 400, "kind",
                        "unknown kind 'outage'"),
                json("an unknown affected service", "POST", incidents,
                        "{\"title\":\"t\",\"impact\":\"outage\",\"services\":[\"api\",\"ghost\"]}", 400, "services[1]", "no service with id 'ghost'"),
                json("affected services as a string", "POST", incidents, "{\"title\":\"t\",\"impact\":\"outage\",\"services\":\"api\"}", 400,
                        "services", "must be a list"),
                json("an affected service twice", "POST", incidents,
                        "{\"title\":\"t\",\"impact\":\"outage\",\"services\":[\"api\",\"api\"]}", 400, "services[1]", "listed twice"),
                json("a title of 201 characters", "POST", incidents, "{\"title\":\"" + "t".repeat(201) + "\",\"impact\":\"outage\"}", 400,
                        "title.en", "at most 200"),
                json("a slug with a space", "POST", incidents, "{\"title\":\"t\",\"impact\":\"outage\",\"slug\":\"Bad Slug\"}", 400, "slug",
                        "is not an incident slug"),
                json("a slug that is taken", "POST", incidents, "{\"title\":\"t\",\"impact\":\"outage\",\"slug\":\"open-incident\"}", 409,
                        "slug", "already exists"),
                json("a javascript: link", "POST", incidents, "{\"title\":\"t\",\"impact\":\"outage\",\"externalLink\":\"javascript:alert(1)\"}",
                        400, "externalLink", "http:// or https://"),
                json("an incident with a window", "POST", incidents,
                        "{\"title\":\"t\",\"impact\":\"outage\",\"scheduledFor\":\"" + FUTURE + "\"}", 400, "scheduledFor",
                        "only allowed for kind maintenance"),
                // maintenance windows
                json("a window that ends before it starts", "POST", incidents, "{\"title\":\"m\",\"kind\":\"maintenance\",\"scheduledFor\":\""
                        + LATER + "\",\"scheduledUntil\":\"" + FUTURE + "\"}", 400, "scheduledUntil", "must be after scheduledFor"),
                json("a window without a start", "POST", incidents, "{\"title\":\"m\",\"kind\":\"maintenance\",\"scheduledUntil\":\""
                        + LATER + "\"}", 400, "scheduledFor", "is required for a maintenance"),
                json("a window starting 'tomorrow'", "POST", incidents, "{\"title\":\"m\",\"kind\":\"maintenance\",\"scheduledFor\":\"tomorrow\","
                        + "\"scheduledUntil\":\"" + LATER + "\"}", 400, "scheduledFor", "is not a time with a zone"),
                json("a window without a time zone", "POST", incidents, "{\"title\":\"m\",\"kind\":\"maintenance\",\"scheduledFor\":"
                        + "\"2030-01-01T10:00:00\",\"scheduledUntil\":\"" + LATER + "\"}", 400, "scheduledFor", "is not a time with a zone"),
                json("a window that is over", "POST", incidents, "{\"title\":\"m\",\"kind\":\"maintenance\",\"scheduledFor\":"
                        + "\"2020-01-01T00:00:00Z\",\"scheduledUntil\":\"2020-01-01T02:00:00Z\"}", 400, "scheduledUntil", "is in the past"),
                json("moving a window's end before its start", "PATCH", incidents + "/future-window",
                        "{\"scheduledUntil\":\"2020-01-01T00:00:00Z\"}", 400, "scheduledUntil", "must be after scheduledFor"),
                json("giving an incident a window", "PATCH", incidents + "/open-incident", "{\"scheduledFor\":\"" + FUTURE + "\"}", 400,
                        "scheduledFor", "only allowed for kind maintenance"),
                json("removing a title", "PATCH", incidents + "/open-incident", "{\"title\":null}", 400, "title", "cannot be removed"),
                // updates and resolving
                json("an unknown state", "POST", updates, "{\"state\":\"fixed\",\"body\":\"x\"}", 400, "state",
                        "unknown state 'fixed' (expected one of investigating"),
                json("a maintenance state on an incident", "POST", updates, "{\"state\":\"inProgress\",\"body\":\"x\"}", 400, "state",
                        "is not a state of an incident"),
                json("an update without a body", "POST", updates, "{\"state\":\"identified\"}", 400, "body", "is required"),
                json("an update body of blanks", "POST", updates, "{\"state\":\"identified\",\"body\":\" \\n \"}", 400, "body", "is empty"),
                json("an update body of 10,001 characters", "POST", updates,
                        "{\"state\":\"identified\",\"body\":\"" + "b".repeat(10_001) + "\"}", 400, "body.en", "at most 10000"),
                json("an update to an incident that does not exist", "POST", incidents + "/no-such-incident/updates",
                        "{\"state\":\"identified\",\"body\":\"x\"}", 404, "slug", "'no-such-incident'"),
                json("a malformed slug in the path", "POST", incidents + "/No_Such/updates", "{\"state\":\"identified\",\"body\":\"x\"}", 400,
                        "slug", "is not an incident slug"),
                json("resolving a resolved incident", "POST", incidents + "/old-incident/resolve", null, 409, "slug", "already resolved"),
                json("an update to a resolved incident (no silent reopening)", "POST", incidents + "/old-incident/updates",
                        "{\"state\":\"investigating\",\"body\":\"x\"}", 409, "slug", "is already resolved and takes no more updates"),
                json("a route that does not exist", "POST", "/api/admin/nothing-here", "{}", 404, null, "not found"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bad_input_gets_a_clear_error_naming_the_field_and_changes_nothing(Case c) {
        String before = AdminHttp.fingerprint(database);
        long version = node.status().snapshot().version();
        AdminHttp.Reply reply = admin.send(c.method(), c.path(), c.contentType(), c.body(), "Authorization", "Bearer " + TOKEN);
        assertEquals(c.status(), reply.status(), c.name() + ": " + reply.raw().body());
        assertTrue(reply.raw().headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                "errors are JSON: " + reply.raw().headers().map());
        assertEquals(c.field(), reply.field(), c.name() + ": " + reply.raw().body());
        assertTrue(reply.error().contains(c.says()), c.name() + ": expected '" + c.says() + "' in: " + reply.error());
        assertEquals(before, AdminHttp.fingerprint(database), "the database is unchanged");
        assertEquals(version, node.status().snapshot().version(), "the page's version is unchanged");
    }

    @Test
    void a_chunked_body_over_the_limit_is_refused_too() {
        String before = AdminHttp.fingerprint(database);
        byte[] big = ("{\"id\":\"new\",\"label\":\"" + "x".repeat(100_000) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(URI.create(node.url("/api/admin/services")))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        AdminHttp.Reply reply = AdminHttp.send(request);
        assertEquals(413, reply.status(), reply.raw().body());
        assertEquals("body", reply.field());
        assertEquals(before, AdminHttp.fingerprint(database));
    }
}
