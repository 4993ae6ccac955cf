package dev.statusstream.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.AddOperator;
import dev.statusstream.AddSubscriber;
import dev.statusstream.AddTemplate;
import dev.statusstream.Branding;
import dev.statusstream.Subscriber;
import dev.statusstream.IncidentKind;
import dev.statusstream.IncidentTemplate;
import dev.statusstream.NewIncident;
import dev.statusstream.SubscriberKind;
import dev.statusstream.AuditEntry;
import dev.statusstream.AuditQuery;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewService;
import dev.statusstream.Role;
import dev.statusstream.Status;
import dev.statusstream.server.page.PageController;
import dev.statusstream.server.testing.AdminHttp;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.MutableClock;
import dev.statusstream.testing.TestServices;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console over HTTP: sign-in, cookie flags, CSRF, roles, throttling, idle expiry and the audit trail. */
class ConsoleHttpTest {
    private static final String PASSWORD = "correct horse battery";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private TestNode node;
    private String database;

    @BeforeEach
    void start() {
        database = TestServices.newMigratedDatabase();
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", database, "STATUS_TRUSTED_PROXIES", "127.0.0.1"), clock);
        node.status().addService(NewService.of("api", LocalizedText.of("en", "Public API")));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private void operator(String name, Role role) {
        String secret = node.status().execute(new AddOperator(name, role)).value().secret();
        node.status().accounts().setPassword(secret, PASSWORD, null);
    }

    private ConsoleClient signedIn(String name, Role role, String... headers) {
        operator(name, role);
        var client = new ConsoleClient(node, headers);
        HttpResponse<String> reply = client.signIn(name, PASSWORD);
        assertEquals(303, reply.statusCode(), reply.body());
        assertEquals("/admin", reply.headers().firstValue("Location").orElseThrow());
        return client;
    }

    @Test
    void without_a_session_the_console_shows_only_the_sign_in_page() {
        var client = new ConsoleClient(node);
        for (String path : List.of("/admin", "/admin/services", "/admin/audit", "/admin/tokens", "/admin/incidents/x")) {
            HttpResponse<String> reply = client.get(path);
            assertEquals(303, reply.statusCode(), path);
            assertEquals("/admin/signin", reply.headers().firstValue("Location").orElseThrow(), path);
        }
        HttpResponse<String> page = client.get("/admin/signin");
        assertEquals(200, page.statusCode());
        assertEquals(PageController.CONTENT_SECURITY_POLICY, page.headers().firstValue("Content-Security-Policy").orElseThrow());
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElseThrow());
        assertFalse(page.body().contains("Public API"), "nothing of the console before sign-in");
        assertEquals(401, client.post("/admin/status", "csrf", "x", "service", "api", "status", "outage").statusCode());
    }

    @Test
    void the_session_cookie_is_http_only_and_strict_over_http_and_host_prefixed_and_secure_over_https() {
        ConsoleClient plain = signedIn("ana", Role.VIEWER);
        String cookie = plain.setCookies.stream().filter(c -> c.startsWith("statusstream-session=")).findFirst().orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"), cookie);
        assertFalse(cookie.contains("Secure"), cookie);

        var https = new ConsoleClient(node, "X-Forwarded-Proto", "https");
        assertEquals(303, https.signIn("ana", PASSWORD).statusCode());
        String secure = https.setCookies.stream().filter(c -> c.startsWith("__Host-statusstream-session=")).findFirst().orElseThrow();
        assertTrue(secure.contains("; Secure") && secure.contains("HttpOnly") && secure.contains("SameSite=Strict")
                && secure.contains("Path=/") && !secure.contains("Domain"), secure);
        assertEquals(200, https.get("/admin").statusCode());
    }

    @Test
    void a_form_without_its_token_or_from_another_origin_is_refused_and_changes_nothing() {
        ConsoleClient ana = signedIn("ana", Role.RESPONDER);
        String csrf = ConsoleClient.csrf(ana.get("/admin"));
        long version = node.status().snapshot().version();
        assertEquals(403, ana.post("/admin/status", "service", "api", "status", "outage").statusCode());
        assertEquals(403, ana.post("/admin/status", "csrf", csrf + "x", "service", "api", "status", "outage").statusCode());
        var elsewhere = new ConsoleClient(node, "Origin", "https://evil.example");
        elsewhere.cookies.putAll(ana.cookies);
        assertEquals(403, elsewhere.post("/admin/status", "csrf", csrf, "service", "api", "status", "outage").statusCode());
        var crossSite = new ConsoleClient(node, "Sec-Fetch-Site", "cross-site");
        crossSite.cookies.putAll(ana.cookies);
        assertEquals(403, crossSite.post("/admin/status", "csrf", csrf, "service", "api", "status", "outage").statusCode());
        assertEquals(version, node.status().snapshot().version());

        var sameOrigin = new ConsoleClient(node, "Origin", "http://127.0.0.1:" + node.port());
        sameOrigin.cookies.putAll(ana.cookies);
        HttpResponse<String> done = sameOrigin.post("/admin/status", "csrf", csrf, "service", "api", "status", "outage", "summary", "Down");
        assertEquals(303, done.statusCode(), done.body());
        assertEquals(Status.OUTAGE, node.status().service("api").orElseThrow().status());
        AuditEntry entry = node.status().accounts().audit(AuditQuery.newest()).entries().get(0);
        assertEquals("operator:ana", entry.actor());
        assertEquals("setStatus", entry.action());
        assertEquals("127.0.0.1", entry.address());
    }

    @Test
    void a_preview_opens_nothing_and_opening_goes_to_the_new_incident() {
        ConsoleClient ana = signedIn("ana", Role.RESPONDER);
        String csrf = ConsoleClient.csrf(ana.get("/admin"));
        HttpResponse<String> preview = ana.post("/admin/incidents", "csrf", csrf, "title", "Checkout errors", "impact", "outage",
                "services", "api", "body", "Looking", "preview", "1");
        assertEquals(200, preview.statusCode(), preview.body());
        assertTrue(preview.body().contains("<h1 class=\"incident-title\">Checkout errors</h1>"), preview.body());
        assertTrue(node.status().snapshot().incidents().isEmpty());
        HttpResponse<String> opened = ana.post("/admin/incidents", "csrf", csrf, "title", "Checkout errors", "impact", "outage",
                "services", "api", "body", "Looking");
        assertEquals(303, opened.statusCode(), opened.body());
        assertTrue(opened.headers().firstValue("Location").orElseThrow().startsWith("/admin/incidents/"));
    }

    @Test
    void sign_in_without_the_form_token_is_refused() {
        operator("ana", Role.ADMIN);
        var client = new ConsoleClient(node);
        assertEquals(403, client.post("/admin/signin", "name", "ana", "password", PASSWORD).statusCode());
    }

    @Test
    void a_viewer_gets_no_forms_and_every_write_is_403() {
        ConsoleClient viewer = signedIn("vic", Role.VIEWER);
        HttpResponse<String> overview = viewer.get("/admin");
        assertEquals(200, overview.statusCode());
        assertTrue(overview.body().contains("Public API"));
        assertFalse(overview.body().contains("action=\"/admin/status\""), "no status form for a viewer");
        assertFalse(overview.body().contains("action=\"/admin/incidents\""));
        String csrf = ConsoleClient.csrf(overview);
        long version = node.status().snapshot().version();
        for (String[] form : List.of(new String[] {"/admin/status", "service", "api", "status", "outage"},
                new String[] {"/admin/incidents", "title", "x", "impact", "outage"},
                new String[] {"/admin/services", "id", "web", "label", "Web"},
                new String[] {"/admin/services/api/remove"},
                new String[] {"/admin/publish"},
                new String[] {"/admin/tokens", "name", "mine", "role", "admin"},
                new String[] {"/admin/operators", "name", "eve", "role", "admin"})) {
            String[] fields = new String[form.length + 1];
            fields[0] = "csrf";
            fields[1] = csrf;
            System.arraycopy(form, 1, fields, 2, form.length - 1);
            assertEquals(403, viewer.post(form[0], fields).statusCode(), form[0]);
        }
        assertEquals(403, viewer.get("/admin/tokens").statusCode());
        assertEquals(version, node.status().snapshot().version());
        assertEquals(200, viewer.get("/admin/audit").statusCode());
    }

    @Test
    void an_admin_announces_the_current_version_again_and_the_page_says_what_went_out() {
        ConsoleClient admin = signedIn("root", Role.ADMIN);
        HttpResponse<String> services = admin.get("/admin/services");
        long version = node.status().snapshot().version();
        assertTrue(services.body().contains("Announce version " + version + " again"), services.body());
        HttpResponse<String> announced = admin.post("/admin/publish", "csrf", ConsoleClient.csrf(services));
        assertEquals(200, announced.statusCode(), announced.body());
        assertTrue(announced.body().contains("Version " + version + " announced again through PostgreSQL. This server has no Redis."),
                announced.body());
        assertEquals(version, node.status().snapshot().version(), "an announcement changes nothing");
        assertEquals(403, admin.post("/admin/publish").statusCode(), "without the form's token");
    }

    @Test
    void sign_in_is_throttled_after_five_failures_for_an_account() {
        operator("ana", Role.ADMIN);
        var client = new ConsoleClient(node);
        for (int i = 0; i < 5; i++) {
            assertEquals(401, client.signIn("ana", "wrong password").statusCode());
        }
        HttpResponse<String> throttled = client.signIn("ana", PASSWORD);
        assertEquals(429, throttled.statusCode());
        assertTrue(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow()) > 800);
        clock.advance(Duration.ofMinutes(16));
        assertEquals(303, client.signIn("ana", PASSWORD).statusCode());
    }

    @Test
    void a_session_idle_for_thirty_minutes_is_over_and_sign_out_everywhere_ends_every_session() {
        ConsoleClient phone = signedIn("ana", Role.ADMIN);
        var laptop = new ConsoleClient(node);
        assertEquals(303, laptop.signIn("ana", PASSWORD).statusCode());
        clock.advance(Duration.ofMinutes(20));
        assertEquals(200, phone.get("/admin").statusCode());
        clock.advance(Duration.ofMinutes(20));
        assertEquals(200, phone.get("/admin").statusCode(), "20 minutes since its last use");
        assertEquals(303, laptop.get("/admin").statusCode(), "40 minutes idle");
        var tablet = new ConsoleClient(node);
        assertEquals(303, tablet.signIn("ana", PASSWORD).statusCode());
        assertEquals(303, phone.post("/admin/signout-everywhere", "csrf", ConsoleClient.csrf(phone.get("/admin"))).statusCode());
        assertEquals(303, tablet.get("/admin").statusCode());
        assertEquals(303, phone.get("/admin").statusCode());
    }

    @Test
    void a_one_time_link_sets_the_password_and_signs_in_once() {
        String secret = node.status().execute(new AddOperator("neo", Role.RESPONDER)).value().secret();
        var client = new ConsoleClient(node);
        HttpResponse<String> welcome = client.get("/admin/welcome/" + secret);
        assertEquals(200, welcome.statusCode());
        assertEquals("same-origin", welcome.headers().firstValue("Referrer-Policy").orElseThrow());
        String csrf = ConsoleClient.csrf(welcome);
        assertEquals(400, client.post("/admin/welcome/" + secret, "csrf", csrf, "password", PASSWORD, "confirm", "different one!").statusCode());
        assertEquals(303, client.post("/admin/welcome/" + secret, "csrf", csrf, "password", PASSWORD, "confirm", PASSWORD).statusCode());
        assertEquals(200, client.get("/admin").statusCode());
        assertEquals(404, new ConsoleClient(node).get("/admin/welcome/" + secret).statusCode());
    }

    @Test
    void an_admin_creates_a_token_shown_once_and_an_operator_with_a_link() {
        ConsoleClient admin = signedIn("root", Role.ADMIN);
        String csrf = ConsoleClient.csrf(admin.get("/admin/tokens"));
        HttpResponse<String> created = admin.post("/admin/tokens", "csrf", csrf, "name", "ci", "role", "responder");
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.body().contains("sst_"));
        assertFalse(admin.get("/admin/tokens").body().contains("sst_"), "shown once");
        HttpResponse<String> added = admin.post("/admin/operators", "csrf", csrf, "name", "bea", "role", "viewer");
        assertEquals(201, added.statusCode(), added.body());
        assertTrue(added.body().contains("http://127.0.0.1:" + node.port() + "/admin/welcome/"), added.body());
    }

    @Test
    void the_template_postmortem_branding_and_subscriber_forms_refuse_whoever_lacks_the_role_or_the_token() {
        node.status().execute(new AddTemplate(new IncidentTemplate("db-down", LocalizedText.of("en", "Database down"), null,
                Status.OUTAGE, List.of("api"))));
        String slug = node.status().openIncident(new NewIncident(LocalizedText.of("en", "Slow"), Status.DEGRADED, List.of("api"),
                LocalizedText.of("en", "Looking"), IncidentKind.INCIDENT, null, null, null, null, null, null, null)).value().slug();
        node.status().resolveIncident(slug, null);
        String hook = node.status().execute(new AddSubscriber(SubscriberKind.WEBHOOK, "https://1.1.1.1/hooks/status-credential",
                null, false, null, null)).value().id();
        ConsoleClient viewer = signedIn("vic", Role.VIEWER);
        ConsoleClient responder = signedIn("rae", Role.RESPONDER);
        ConsoleClient admin = signedIn("root", Role.ADMIN);
        String before = AdminHttp.fingerprint(database);
        long version = node.status().snapshot().version();
        List<String[]> everyForm = List.of(new String[] {"/admin/templates", "name", "new-one", "title", "T", "impact", "outage"},
                new String[] {"/admin/templates/db-down", "title", "Changed", "impact", "degraded"},
                new String[] {"/admin/templates/db-down/remove"},
                new String[] {"/admin/incidents/" + slug + "/edit", "title", "Changed", "impact", "outage"},
                new String[] {"/admin/incidents/" + slug + "/postmortem", "body", "What happened"},
                new String[] {"/admin/incidents/" + slug + "/postmortem/remove"},
                new String[] {"/admin/branding", "name", "Hijacked", "logoUrl", "http://127.0.0.1:" + node.port() + "/healthz"},
                new String[] {"/admin/subscribers", "kind", "webhook", "url", "https://1.1.1.1/mine"},
                new String[] {"/admin/subscribers/" + hook + "/remove"});
        String viewerCsrf = ConsoleClient.csrf(viewer.get("/admin"));
        for (String[] form : everyForm) {
            assertEquals(403, viewer.post(form[0], withToken(viewerCsrf, form)).statusCode(), "viewer " + form[0]);
            assertEquals(403, admin.post(form[0], withToken("forged", form)).statusCode(), "forged token " + form[0]);
        }
        String responderCsrf = ConsoleClient.csrf(responder.get("/admin"));
        for (String[] form : everyForm.subList(6, 9)) {
            assertEquals(403, responder.post(form[0], withToken(responderCsrf, form)).statusCode(), "responder " + form[0]);
        }
        assertEquals(403, responder.get("/admin/branding").statusCode());
        assertEquals(before, AdminHttp.fingerprint(database), "nothing changed");
        assertEquals(version, node.status().snapshot().version());
        assertEquals("Database down", node.status().template("db-down").orElseThrow().title().get("en"));
        assertEquals(List.of(hook), node.status().subscribers(null, 10).stream().map(Subscriber::id).toList());
        assertEquals(Branding.NONE, node.status().snapshot().branding());
        assertEquals(null, node.status().incident(slug).orElseThrow().postmortem());

        HttpResponse<String> listed = viewer.get("/admin/subscribers");
        assertEquals(200, listed.statusCode());
        assertFalse(listed.body().contains("status-credential"), "a hook's URL is its credential");
        String forAdmins = admin.get("/admin/subscribers").body();
        assertFalse(forAdmins.contains("status-credential"), "not even to admins");
        assertTrue(forAdmins.contains("https://1.1.1.1/…"), forAdmins);

        String adminCsrf = ConsoleClient.csrf(admin.get("/admin/branding"));
        HttpResponse<String> internal = admin.post("/admin/branding", "csrf", adminCsrf, "logoUrl", "http://127.0.0.1:" + node.port() + "/healthz");
        assertEquals(400, internal.statusCode());
        assertTrue(internal.body().contains("logoUrl") && internal.body().contains("STATUS_ALLOW_PRIVATE_TARGETS"), internal.body());
        assertEquals(version, node.status().snapshot().version());

        // bounded inputs, each refused with the field it names
        assertEquals(400, viewer.get("/admin/templates?after=NOT%20A%20NAME").statusCode());
        assertEquals(400, viewer.get("/admin/subscribers?after=x").statusCode());
        HttpResponse<String> tooLong = admin.post("/admin/incidents/" + slug + "/postmortem", "csrf", adminCsrf, "body", "a".repeat(50_001));
        assertEquals(400, tooLong.statusCode());
        assertTrue(tooLong.body().contains("longer than 50000 characters"), tooLong.body());
        HttpResponse<String> tooBig = admin.post("/admin/branding", "csrf", adminCsrf, "name", "x".repeat(60_000));
        assertEquals(413, tooBig.statusCode());
        assertTrue(tooBig.body().contains("at most 40 KB"), tooBig.body());
        assertEquals(version, node.status().snapshot().version());
    }

    private static String[] withToken(String csrf, String[] form) {
        String[] fields = new String[form.length + 1];
        fields[0] = "csrf";
        fields[1] = csrf;
        System.arraycopy(form, 1, fields, 2, form.length - 1);
        return fields;
    }
}
