package dev.statusstream.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.server.testing.AdminHttp;
import dev.statusstream.server.testing.KeptAliveConnection;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who may use the admin API: bearer tokens from configuration, never in a URL, and no API at all without one. */
class AdminAuthTest {
    private static final String CURRENT = "current-token-aaaaaaaaaaaaaaaa";
    private static final String NEXT = "next-token-bbbbbbbbbbbbbbbbbbbb";
    private static final String BODY = "{\"id\":\"sneaky\",\"label\":\"Sneaky\"}";
    private static String database;
    private static TestNode node;
    private static TestNode withoutTokens;
    private static AdminHttp admin;

    @BeforeAll
    static void start() {
        database = TestServices.newMigratedDatabase();
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", database, "STATUS_ADMIN_TOKEN", CURRENT + ", " + NEXT));
        withoutTokens = TestNode.start(Map.of("STATUS_DATABASE_URL", database));
        admin = new AdminHttp(node, CURRENT);
    }

    @AfterAll
    static void stop() {
        withoutTokens.close();
        node.close();
    }

    private static AdminHttp.Reply post(TestNode target, String path, String... headers) {
        return new AdminHttp(target, "unused").send("POST", path, "application/json", BODY, headers);
    }

    private static void assertRefused(AdminHttp.Reply reply, String error) {
        assertEquals(401, reply.status(), reply.raw().body());
        String challenge = reply.header("WWW-Authenticate");
        assertTrue(challenge != null && challenge.startsWith("Bearer realm=\"statusstream-admin\""), String.valueOf(challenge));
        if (error != null) {
            assertTrue(challenge.contains("error=\"" + error + "\""), challenge);
        }
        assertEquals("Authorization", reply.field());
    }

    /**
     * The requests share one kept-alive connection, so this also proves header values arrive as sent:
     * with Jetty's default case-insensitive header cache, the upper-case token below arrived as the
     * earlier lower-case one and was let in.
     */
    @Test
    void a_request_without_a_valid_bearer_token_gets_401_with_a_challenge_and_changes_nothing() {
        String before = AdminHttp.fingerprint(database);
        assertRefused(post(node, "/api/admin/services"), null);
        assertRefused(post(node, "/api/admin/services", "Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString(("admin:" + CURRENT).getBytes(StandardCharsets.UTF_8))), "invalid_request");
        assertRefused(post(node, "/api/admin/services", "Authorization", CURRENT), "invalid_request");
        assertRefused(post(node, "/api/admin/services", "Authorization", "Bearer"), "invalid_request");
        assertRefused(post(node, "/api/admin/services", "Authorization", "Bearer wrong-token-cccccccccccccccc"), "invalid_token");
        assertRefused(post(node, "/api/admin/services", "Authorization", "Bearer " + CURRENT + "x"), "invalid_token");
        assertRefused(post(node, "/api/admin/services", "Authorization", "Bearer " + CURRENT.substring(1)), "invalid_token");
        assertEquals(200, admin.send("GET", "/api/admin/services", null).status());
        assertRefused(post(node, "/api/admin/services", "Authorization", "Bearer " + CURRENT.toUpperCase()), "invalid_token");
        assertEquals(200, admin.send("GET", "/api/admin/services", null).status());
        assertEquals(before, AdminHttp.fingerprint(database));
    }

    /** As {@code StatusRoutesTest} does for a mount: several requests on one connection, for certain. */
    @Test
    void a_token_that_differs_only_in_case_is_refused_on_a_kept_alive_connection() throws Exception {
        try (var connection = new KeptAliveConnection(node.port())) {
            assertEquals(200, connection.send("GET", "/api/admin/services", "Authorization", "Bearer " + CURRENT).status());
            assertEquals(401, connection.send("GET", "/api/admin/services", "Authorization", "Bearer " + CURRENT.toUpperCase()).status());
            assertEquals(401, connection.send("GET", "/api/admin/services", "Authorization", "Bearer " + CURRENT.toUpperCase()).status());
        }
    }

    @Test
    void reads_need_the_token_too_and_unknown_admin_paths_do_not_reveal_themselves() {
        assertRefused(admin.send("GET", "/api/admin/services", null, null), null);
        assertRefused(admin.send("GET", "/api/admin/no-such-route", null, null), null);
    }

    @Test
    void both_tokens_of_a_rotation_work_and_the_scheme_is_case_insensitive() {
        assertEquals(200, admin.send("GET", "/api/admin/services", null).status());
        assertEquals(200, new AdminHttp(node, NEXT).send("GET", "/api/admin/services", null).status());
        assertEquals(200, admin.send("GET", "/api/admin/services", null, null, "Authorization", "bearer " + CURRENT).status());
    }

    @Test
    void a_token_in_the_url_is_refused_even_a_valid_one_with_a_valid_header() {
        String before = AdminHttp.fingerprint(database);
        for (String parameter : List.of("token", "access_token", "Access_Token", "api_key", "apikey", "authorization", "Bearer",
                "auth", "KEY")) {
            AdminHttp.Reply reply = post(node, "/api/admin/services?" + parameter + "=" + CURRENT, "Authorization", "Bearer " + CURRENT);
            assertEquals(400, reply.status(), parameter + ": " + reply.raw().body());
            assertEquals(parameter, reply.field());
            assertTrue(reply.error().contains("never accepted in a URL"), reply.error());
            assertFalse(reply.raw().body().contains(CURRENT), "the reply does not echo the token");
        }
        assertEquals(before, AdminHttp.fingerprint(database));
    }

    @Test
    void a_configured_token_under_any_parameter_name_is_refused_as_leaked() {
        String before = AdminHttp.fingerprint(database);
        for (String query : List.of("x=" + CURRENT, "page=2&q=" + NEXT, "x=1&x=" + CURRENT, "s=%20" + CURRENT, "password=" + NEXT)) {
            AdminHttp.Reply reply = post(node, "/api/admin/services?" + query, "Authorization", "Bearer " + CURRENT);
            assertEquals(400, reply.status(), query + ": " + reply.raw().body());
            assertTrue(reply.error().contains("never accepted in a URL") && reply.error().contains("treat this token as leaked"),
                    reply.error());
            assertEquals(query.substring(query.lastIndexOf('&') + 1, query.lastIndexOf('=')), reply.field(), query);
            assertFalse(reply.raw().body().contains(CURRENT) || reply.raw().body().contains(NEXT), "not echoed: " + reply.raw().body());
        }
        AdminHttp.Reply named = post(node, "/api/admin/services?" + CURRENT, "Authorization", "Bearer " + CURRENT);
        assertEquals(400, named.status(), "the token as a bare parameter name: " + named.raw().body());
        assertFalse(named.raw().body().contains(CURRENT), named.raw().body());
        assertEquals(before, AdminHttp.fingerprint(database));
    }

    @Test
    void other_query_values_and_near_misses_of_a_token_pass_the_url_check() {
        for (String query : List.of("q=" + CURRENT.substring(1), "q=" + CURRENT + "x", "q=" + CURRENT.toUpperCase(Locale.ROOT),
                "dry=true")) {
            AdminHttp.Reply reply = admin.send("GET", "/api/admin/services?" + query, null);
            assertEquals(200, reply.status(), query + ": " + reply.raw().body());
        }
    }

    @Test
    void without_a_configured_token_there_is_no_admin_api_at_all() {
        for (String[] request : List.of(new String[] {"GET", "/api/admin/services"}, new String[] {"POST", "/api/admin/services"},
                new String[] {"PUT", "/api/admin/services/api/status"}, new String[] {"POST", "/api/admin/publish"})) {
            AdminHttp.Reply reply = new AdminHttp(withoutTokens, CURRENT).send(request[0], request[1], "{}");
            assertEquals(404, reply.status(), String.join(" ", request) + ": " + reply.raw().body());
            assertEquals(null, reply.header("WWW-Authenticate"), "nothing hints that a token would help");
        }
        assertEquals(404, post(withoutTokens, "/api/admin/services?token=" + CURRENT).status());
    }

    @Test
    void tokens_never_reach_the_log() {
        PrintStream original = System.err;
        var captured = new ByteArrayOutputStream();
        // a node of its own: refusals are logged at most 10 times per 10 s, and the other tests spend the shared node's
        try (TestNode fresh = TestNode.start(Map.of("STATUS_DATABASE_URL", database, "STATUS_ADMIN_TOKEN", CURRENT))) {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            post(fresh, "/api/admin/services?access_token=" + CURRENT, "Authorization", "Bearer " + CURRENT);
            post(fresh, "/api/admin/services", "Authorization", "Bearer not-the-token-dddddddddddddddd");
            new AdminHttp(fresh, CURRENT).send("PUT", "/api/admin/services/ghost/status", "{\"status\":\"outage\"}");
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("refused POST /api/admin/services"), "refusals are logged: " + log);
        assertTrue(log.contains("PUT /api/admin/services/ghost/status from 127.0.0.1 -> 404"), "writes are audited: " + log);
        assertFalse(log.contains(CURRENT), log);
        assertFalse(log.contains("not-the-token"), log);
    }
}
