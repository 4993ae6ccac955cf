package dev.statusstream.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.Operation;
import dev.statusstream.OperationType;
import dev.statusstream.Role;
import dev.statusstream.server.testing.AdminHttp;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Named tokens and roles on the admin API, and the audit log it serves. */
class AccountsApiTest {
    private static final String BOOTSTRAP = "bootstrap-token-aaaaaaaaaaaaaaaa";
    private static String database;
    private static TestNode node;
    private static AdminHttp admin;

    @BeforeAll
    static void start() {
        database = TestServices.newMigratedDatabase();
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", database, "STATUS_ADMIN_TOKEN", BOOTSTRAP));
        admin = new AdminHttp(node, BOOTSTRAP);
        assertEquals(201, admin.send("POST", "/api/admin/services", "{\"id\":\"api\",\"label\":\"API\"}").status());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static String token(String name, String role) {
        AdminHttp.Reply reply = admin.send("POST", "/api/admin/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertEquals(201, reply.status(), reply.raw().body());
        assertEquals("/api/admin/tokens/" + name, reply.header("Location"));
        return reply.json().at("/token/secret").asText();
    }

    @Test
    void a_named_token_is_shown_once_and_listed_without_its_secret() {
        String secret = token("lister", "viewer");
        assertTrue(secret.startsWith("sst_") && secret.length() > 40, secret);
        AdminHttp.Reply list = admin.send("GET", "/api/admin/tokens", null);
        assertEquals(200, list.status());
        assertFalse(list.raw().body().contains(secret));
        assertTrue(list.raw().body().contains("\"lister\""), list.raw().body());
        assertEquals(409, admin.send("POST", "/api/admin/tokens", "{\"name\":\"lister\",\"role\":\"viewer\"}").status());
        assertEquals(400, admin.send("POST", "/api/admin/tokens", "{\"name\":\"x\",\"role\":\"god\"}").status());
    }

    @Test
    void a_viewer_token_reads_but_every_write_route_refuses_it_with_403_and_changes_nothing() {
        var viewer = new AdminHttp(node, token("watcher", "viewer"));
        assertEquals(200, viewer.send("GET", "/api/admin/services", null).status());
        assertEquals(200, viewer.send("GET", "/api/admin/audit", null).status());
        assertEquals(403, viewer.send("GET", "/api/admin/tokens", null).status());
        String before = AdminHttp.fingerprint(database);
        List<String> allowed = new ArrayList<>();
        for (OperationType<?> type : Operation.types()) {
            // the role is checked before the path's values: any value in the remaining parameters will do
            String path = "/api/admin" + type.path().replace("{id}", "api").replace("{slug}", "some-incident")
                    .replaceAll("\\{[a-z]+}", "someone");
            AdminHttp.Reply reply = viewer.send(type.method(), path, "{}");
            if (reply.status() != 403) {
                allowed.add(type.name() + " -> " + reply.status());
            }
        }
        assertEquals(List.of(), allowed);
        assertEquals(before, AdminHttp.fingerprint(database));
    }

    @Test
    void a_responder_token_sets_statuses_but_cannot_manage_services_or_tokens() {
        var responder = new AdminHttp(node, token("pager", "responder"));
        assertEquals(200, responder.send("PUT", "/api/admin/services/api/status", "{\"status\":\"degraded\"}").status());
        assertEquals(403, responder.send("POST", "/api/admin/services", "{\"id\":\"web\",\"label\":\"Web\"}").status());
        assertEquals(403, responder.send("POST", "/api/admin/tokens", "{\"name\":\"mine\",\"role\":\"admin\"}").status());
        assertEquals(200, responder.send("PUT", "/api/admin/services/api/status", "{\"status\":\"operational\"}").status());
    }

    @Test
    void the_audit_log_names_the_token_and_the_address_and_filters_by_actor() {
        var responder = new AdminHttp(node, token("auditee", "responder"));
        assertEquals(200, responder.send("PUT", "/api/admin/services/api/status", "{\"status\":\"outage\",\"summary\":\"Down\"}").status());
        AdminHttp.Reply audit = admin.send("GET", "/api/admin/audit?actor=token:auditee&limit=5", null);
        assertEquals(200, audit.status(), audit.raw().body());
        JsonNode entry = audit.json().at("/entries/0");
        assertEquals("setStatus", entry.get("action").asText());
        assertEquals("services/api", entry.get("target").asText());
        assertEquals("127.0.0.1", entry.get("address").asText());
        assertEquals("outage", entry.at("/after/status").asText(), entry.toString());
        assertNotNull(entry.get("before"));
        assertEquals(1, audit.json().get("entries").size());
        assertEquals(400, admin.send("GET", "/api/admin/audit?limit=5000", null).status());
        assertEquals(400, admin.send("GET", "/api/admin/audit?before=abc", null).status());
    }

    @Test
    void the_audit_log_pages_newest_first_with_a_cursor() {
        AdminHttp.Reply first = admin.send("GET", "/api/admin/audit?limit=1", null);
        long next = first.json().get("next").asLong();
        AdminHttp.Reply second = admin.send("GET", "/api/admin/audit?limit=1&before=" + next, null);
        assertTrue(second.json().at("/entries/0/id").asLong() < first.json().at("/entries/0/id").asLong());
    }

    @Test
    void a_hooks_url_is_its_credential_so_no_token_sees_it_in_full() {
        String hook = "https://1.1.1.1/services/T000/B000/hook-credential";
        AdminHttp.Reply added = admin.send("POST", "/api/admin/subscribers", "{\"kind\":\"slack\",\"url\":\"" + hook + "\"}");
        assertEquals(201, added.status(), added.raw().body());
        String id = added.json().at("/subscriber/id").asText();
        var viewer = new AdminHttp(node, token("peeker", "viewer"));
        for (String path : List.of("/api/admin/subscribers", "/api/admin/subscribers/" + id)) {
            for (AdminHttp reader : List.of(admin, viewer)) {
                AdminHttp.Reply seen = reader.send("GET", path, null);
                assertEquals(200, seen.status(), seen.raw().body());
                assertFalse(seen.raw().body().contains("hook-credential"), seen.raw().body());
                assertTrue(seen.raw().body().contains("\"https://1.1.1.1/…\""), seen.raw().body());
            }
        }
        assertEquals(200, admin.send("DELETE", "/api/admin/subscribers/" + id, null).status());
    }

    @Test
    void a_revoked_token_is_refused() {
        var gone = new AdminHttp(node, token("leaver", "admin"));
        assertEquals(200, gone.send("GET", "/api/admin/services", null).status());
        assertEquals(200, admin.send("DELETE", "/api/admin/tokens/leaver", null).status());
        assertEquals(401, gone.send("GET", "/api/admin/services", null).status());
    }

    @Test
    void without_a_bootstrap_token_the_admin_api_exists_once_a_named_token_does() {
        String fresh = TestServices.newMigratedDatabase();
        try (TestNode bare = TestNode.start(Map.of("STATUS_DATABASE_URL", fresh))) {
            assertEquals(404, new AdminHttp(bare, "whatever-token-aaaaaaaa").send("GET", "/api/admin/services", null).status());
            String secret = bare.status().execute(new dev.statusstream.CreateToken("first", Role.ADMIN)).value().secret();
            assertEquals(200, new AdminHttp(bare, secret).send("GET", "/api/admin/services", null).status());
            assertEquals(401, new AdminHttp(bare, "whatever-token-aaaaaaaa").send("GET", "/api/admin/services", null).status());
        }
    }
}
