package dev.statusstream.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.internal.Json;
import dev.statusstream.server.testing.AdminHttp;
import dev.statusstream.server.testing.Http;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Incident templates and postmortems through the admin API, seen on the page, in the feeds and in the Statuspage API. */
class ContentApiTest {
    private static final String TOKEN = "content-api-test-token-0123456789";
    private TestNode node;
    private AdminHttp admin;

    @BeforeEach
    void start() {
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", TestServices.newMigratedDatabase(), "STATUS_ADMIN_TOKEN", TOKEN));
        admin = new AdminHttp(node, TOKEN);
        ok(201, admin.send("POST", "/api/admin/services", "{\"id\":\"db\",\"label\":\"Database\"}"));
        node.awaitVersion(ok(201, admin.send("POST", "/api/admin/services", "{\"id\":\"api\",\"label\":\"API\"}")).version());
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private static AdminHttp.Reply ok(int status, AdminHttp.Reply reply) {
        assertEquals(status, reply.status(), reply.raw().body());
        return reply;
    }

    @Test
    void templates_are_added_listed_shown_edited_and_removed_without_a_new_page_version() {
        long version = admin.send("GET", "/api/admin/settings", null).version();
        AdminHttp.Reply added = ok(201, admin.send("POST", "/api/admin/templates",
                "{\"name\":\"db-failover\",\"title\":\"Database failover\",\"impact\":\"degraded\",\"body\":\"Failing over\",\"services\":[\"db\"]}"));
        assertEquals("/api/admin/templates/db-failover", added.header("Location"));
        assertEquals(version, added.version(), "a template is behind the page");
        assertEquals("Database failover", added.json().get("template").get("title").get("en").asText());

        ok(409, admin.send("POST", "/api/admin/templates", "{\"name\":\"db-failover\",\"title\":\"X\",\"impact\":\"outage\"}"));
        AdminHttp.Reply edited = ok(200, admin.send("PATCH", "/api/admin/templates/db-failover",
                "{\"impact\":\"outage\",\"body\":null}"));
        assertEquals("outage", edited.json().get("template").get("impact").asText());
        assertTrue(edited.json().get("template").get("body").isEmpty());
        assertEquals("db", ok(200, admin.send("GET", "/api/admin/templates/db-failover", null)).json()
                .get("template").get("services").get(0).asText());

        for (String name : List.of("a-1", "a-2", "a-3")) {
            ok(201, admin.send("POST", "/api/admin/templates", "{\"name\":\"" + name + "\",\"title\":\"T\",\"impact\":\"degraded\"}"));
        }
        List<String> seen = new ArrayList<>();
        String after = "";
        do {
            JsonNode page = ok(200, admin.send("GET", "/api/admin/templates?limit=2&after=" + after, null)).json();
            assertTrue(page.get("templates").size() <= 2);
            page.get("templates").forEach(t -> seen.add(t.get("name").asText()));
            after = page.get("next").isNull() ? null : page.get("next").asText();
        } while (after != null);
        assertEquals(List.of("a-1", "a-2", "a-3", "db-failover"), seen, "paged by name, nothing skipped or repeated");

        ok(200, admin.send("DELETE", "/api/admin/templates/a-1", null));
        ok(404, admin.send("GET", "/api/admin/templates/a-1", null));
        assertEquals(version, admin.send("GET", "/api/admin/settings", null).version());
    }

    @Test
    void bad_template_input_is_a_clear_4xx() {
        AdminHttp.Reply badName = ok(400, admin.send("POST", "/api/admin/templates", "{\"name\":\"Bad Name\",\"title\":\"T\",\"impact\":\"outage\"}"));
        assertEquals("name", badName.field());
        assertEquals("services[0]", ok(400, admin.send("POST", "/api/admin/templates",
                "{\"name\":\"x\",\"title\":\"T\",\"impact\":\"outage\",\"services\":[\"nope\"]}")).field());
        assertEquals("limit", ok(400, admin.send("GET", "/api/admin/templates?limit=100000", null)).field());
        assertEquals("template", ok(404, admin.send("POST", "/api/admin/incidents", "{\"template\":\"missing\"}")).field());
        assertEquals("kind", ok(400, admin.send("POST", "/api/admin/incidents",
                "{\"template\":\"x\",\"kind\":\"maintenance\"}")).field());
    }

    @Test
    void an_incident_opened_from_a_template_takes_its_texts_and_the_overrides() {
        ok(201, admin.send("POST", "/api/admin/templates",
                "{\"name\":\"db-failover\",\"title\":\"Database failover\",\"impact\":\"degraded\",\"body\":\"Failing over\",\"services\":[\"db\"]}"));
        JsonNode opened = ok(201, admin.send("POST", "/api/admin/incidents", "{\"template\":\"db-failover\"}")).json().get("incident");
        assertEquals("Database failover", opened.get("title").get("en").asText());
        assertEquals("degraded", opened.get("incidentImpact").asText());
        assertEquals("Failing over", opened.get("updates").get(0).get("body").get("en").asText());

        JsonNode overridden = ok(201, admin.send("POST", "/api/admin/incidents",
                "{\"template\":\"db-failover\",\"impact\":\"outage\",\"services\":[\"db\",\"api\"],\"slug\":\"big-one\"}"))
                .json().get("incident");
        assertEquals("big-one", overridden.get("slug").asText());
        assertEquals("outage", overridden.get("incidentImpact").asText());
        assertEquals(2, overridden.get("affectedServiceIds").size());
        assertEquals("Database failover", overridden.get("title").get("en").asText());
    }

    @Test
    void a_postmortem_is_refused_while_open_then_shows_on_the_page_the_history_the_feeds_and_the_statuspage_api()
            throws Exception {
        String slug = ok(201, admin.send("POST", "/api/admin/incidents",
                "{\"title\":\"API down\",\"impact\":\"outage\",\"services\":[\"api\"],\"body\":\"Looking\"}"))
                .json().get("incident").get("slug").asText();
        AdminHttp.Reply open = ok(409, admin.send("PUT", "/api/admin/incidents/" + slug + "/postmortem", "{\"body\":\"Too early\"}"));
        assertEquals("slug", open.field());
        ok(200, admin.send("POST", "/api/admin/incidents/" + slug + "/resolve", "{\"body\":\"Fixed\"}"));

        String text = "A bad <script>alert(1)</script> deploy.\n\nWe now canary every release.";
        AdminHttp.Reply set = ok(200, admin.send("PUT", "/api/admin/incidents/" + slug + "/postmortem",
                Json.write(Map.of("body", text))));
        node.awaitVersion(set.version());

        HttpResponse<String> page = Http.get(node.url("/incidents/" + slug));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("id=\"postmortem\""), page.body());
        assertTrue(page.body().contains("<p>A bad &lt;script&gt;alert(1)&lt;/script&gt; deploy.</p>"), "escaped, a paragraph each");
        assertTrue(page.body().contains("<p>We now canary every release.</p>"));
        assertFalse(page.body().contains("<script>alert"));
        assertTrue(Http.get(node.url("/history")).body().contains("/incidents/" + slug + "#postmortem"));

        JsonNode incidents = Json.mapper().readTree(Http.get(node.url("/api/v2/incidents.json")).body()).get("incidents");
        assertEquals(text, incidents.get(0).get("postmortem_body").asText());
        assertFalse(incidents.get(0).get("postmortem_published_at").isNull());
        String atom = Http.get(node.url("/history.atom")).body();
        assertTrue(atom.contains("We now canary every release."), atom);
        assertFalse(atom.contains("<script>"), "operator text is escaped inside the feed's HTML");

        ok(200, admin.send("DELETE", "/api/admin/incidents/" + slug + "/postmortem", null));
        ok(404, admin.send("DELETE", "/api/admin/incidents/" + slug + "/postmortem", null));
        JsonNode after = Json.mapper().readTree(Http.get(node.url("/api/v2/incidents.json")).body()).get("incidents");
        assertFalse(after.get(0).has("postmortem_body"), "without a postmortem, the keys Statuspage documents and no more");
    }
}
