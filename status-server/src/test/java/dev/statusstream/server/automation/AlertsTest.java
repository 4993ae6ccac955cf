package dev.statusstream.server.automation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.Status;
import dev.statusstream.server.testing.AdminHttp;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts from Alertmanager and Grafana, posted as the tools post them: the bodies have the fields the
 * tools' documentation shows for their webhooks (Alertmanager's payload version 4, Grafana's unified
 * alerting webhook), with the label {@code statusstream_service} added to the alerts' labels.
 */
class AlertsTest {
    private static final String TOKEN = "alerts-test-token-0123456789";
    private String database;
    private TestNode node;
    private AdminHttp admin;

    @BeforeEach
    void start() {
        database = TestServices.newMigratedDatabase();
        node = TestNode.start(Map.of("STATUS_DATABASE_URL", database, "STATUS_ADMIN_TOKEN", TOKEN));
        admin = new AdminHttp(node, TOKEN);
        assertEquals(201, admin.send("POST", "/api/admin/services", "{\"id\":\"api\",\"label\":\"API\"}").status());
        assertEquals(201, admin.send("POST", "/api/admin/services", "{\"id\":\"web\",\"label\":\"Web\"}").status());
    }

    @AfterEach
    void stop() {
        node.close();
    }

    /** Alertmanager's webhook body, version 4, for one group of alerts. */
    private static String alertmanager(String status, String... alerts) {
        return """
                {"receiver":"statusstream","status":"%s","alerts":[%s],
                 "groupLabels":{"alertname":"ProbeFailure"},"commonLabels":{"alertname":"ProbeFailure"},
                 "commonAnnotations":{},"externalURL":"http://alertmanager.example.org:9093","version":"4",
                 "groupKey":"{}:{alertname=\\"ProbeFailure\\"}","truncatedAlerts":0}""".formatted(status, String.join(",", alerts));
    }

    private static String alertmanagerAlert(String status, String name, String service, String severity, String fingerprint) {
        return """
                {"status":"%s","labels":{"alertname":"%s","instance":"https://api.example.org","job":"http_checks",
                 "severity":"%s","statusstream_service":"%s"},
                 "annotations":{"summary":"%s is failing","description":"Probe failed for over 5m"},
                 "startsAt":"2026-12-07T13:08:45.828Z","endsAt":"%s",
                 "generatorURL":"http://prometheus.example.org:9090/graph?g0.expr=probe_success+%%3D%%3D+0","fingerprint":"%s"}"""
                .formatted(status, name, severity, service, name, status.equals("firing") ? "0001-01-01T00:00:00Z"
                        : "2026-12-07T13:20:45.828Z", fingerprint);
    }

    /** Grafana's unified alerting webhook body. */
    private static String grafana(String status, String service) {
        return """
                {"receiver":"StatusStream","status":"%1$s","orgId":1,"alerts":[
                  {"status":"%1$s","labels":{"alertname":"High memory usage","team":"blue","zone":"us-1","statusstream_service":"%2$s"},
                   "annotations":{"description":"The system has high memory usage","runbook_url":"https://runbooks.example.org/1",
                     "summary":"Memory above 90%% in us-1"},
                   "startsAt":"2026-12-07T09:51:03.157076+02:00","endsAt":"0001-01-01T00:00:00Z",
                   "generatorURL":"https://grafana.example.org/alerting/1afz29v7z/edit","fingerprint":"c6eadffa33fcdf37",
                   "silenceURL":"https://grafana.example.org/alerting/silence/new","dashboardURL":"","panelURL":"",
                   "values":{"B":44.23943737541908,"C":1},"valueString":"[ var='B' labels={} value=44.2 ]"}],
                 "groupLabels":{},"commonLabels":{"alertname":"High memory usage","team":"blue","zone":"us-1"},
                 "commonAnnotations":{},"externalURL":"https://grafana.example.org/","version":"1",
                 "groupKey":"{}:{alertname=\\"High memory usage\\"}","truncatedAlerts":0,
                 "title":"[FIRING:1]  (High memory usage blue us-1)","state":"alerting","message":"**Firing**"}"""
                .formatted(status, service);
    }

    private AdminHttp.Reply post(String tool, String body) {
        return admin.send("POST", "/api/integrations/" + tool, body);
    }

    private dev.statusstream.Service service(String id) {
        return node.status().service(id).orElseThrow();
    }

    @Test
    void critical_means_outage_the_worst_alert_wins_and_the_service_is_restored_when_all_are_resolved() throws Exception {
        AdminHttp.Reply reply = post("alertmanager", alertmanager("firing",
                alertmanagerAlert("firing", "ProbeFailure", "api", "critical", "1a30ba71cca2921f"),
                alertmanagerAlert("firing", "HighLatency", "api", "warning", "2b41cb82ddb3a32a")));
        assertEquals(200, reply.status(), reply.raw().body());
        assertEquals(2, reply.json().get("alerts").get("firing").asInt());
        assertEquals(Status.OUTAGE, service("api").status());
        assertEquals("alert ProbeFailure (alertmanager): ProbeFailure is failing", service("api").statusSummary().get("en"));

        post("alertmanager", alertmanager("resolved", alertmanagerAlert("resolved", "ProbeFailure", "api", "critical", "1a30ba71cca2921f")));
        assertEquals(Status.DEGRADED, service("api").status(), "the warning still fires");
        assertEquals("alert HighLatency (alertmanager): HighLatency is failing", service("api").statusSummary().get("en"));

        post("alertmanager", alertmanager("resolved", alertmanagerAlert("resolved", "HighLatency", "api", "warning", "2b41cb82ddb3a32a")));
        assertEquals(Status.OPERATIONAL, service("api").status());
        assertEquals("alert HighLatency (alertmanager) resolved", service("api").statusSummary().get("en"));

        try (var c = DriverManager.getConnection(database);
             var rows = c.createStatement().executeQuery(
                     "select actor from statusstream_change_log where type = 'service.status' and subject = 'api' order by version")) {
            List<String> actors = new ArrayList<>();
            while (rows.next()) {
                actors.add(rows.getString(1));
            }
            assertEquals(List.of("alertmanager", "alertmanager", "alertmanager"), actors);
        }
    }

    @Test
    void a_grafana_alert_without_severity_means_degraded_and_resolving_restores() {
        assertEquals(200, post("grafana", grafana("firing", "web")).status());
        assertEquals(Status.DEGRADED, service("web").status());
        assertEquals("alert High memory usage (grafana): Memory above 90% in us-1", service("web").statusSummary().get("en"));
        long version = node.status().snapshot().version();
        assertEquals(200, post("grafana", grafana("firing", "web")).status(), "the same alert again");
        assertEquals(version, node.status().snapshot().version(), "changes nothing");
        assertEquals(200, post("grafana", grafana("resolved", "web")).status());
        assertEquals(Status.OPERATIONAL, service("web").status());
    }

    @Test
    void an_alert_leaves_a_service_set_by_hand_alone() {
        assertEquals(200, admin.send("PUT", "/api/admin/services/api/status", "{\"status\":\"maintenance\",\"summary\":\"Upgrading\"}").status());
        post("alertmanager", alertmanager("firing", alertmanagerAlert("firing", "ProbeFailure", "api", "page", "1a30ba71cca2921f")));
        assertEquals(Status.MAINTENANCE, service("api").status());
        AdminHttp.Reply back = admin.send("PUT", "/api/admin/services/api/control", "{\"control\":\"automatic\"}");
        assertEquals(200, back.status(), back.raw().body());
        assertEquals("automatic", back.json().get("control").get("control").asText());
        assertEquals(Status.MAINTENANCE, service("api").status(), "handing back changes no status");
        post("alertmanager", alertmanager("firing", alertmanagerAlert("firing", "HighLatency", "api", "warning", "2b41cb82ddb3a32a")));
        assertEquals(Status.OUTAGE, service("api").status(), "the next report applies the worst firing alert");
    }

    @Test
    void alerts_need_the_token_and_a_payload_and_name_what_they_left_aside() {
        var noToken = admin.send("POST", "/api/integrations/alertmanager", "application/json",
                alertmanager("firing", alertmanagerAlert("firing", "X", "api", "critical", "1")));
        assertEquals(401, noToken.status());
        assertEquals(Status.OPERATIONAL, service("api").status());

        AdminHttp.Reply notJson = post("grafana", "{\"alerts\": [");
        assertEquals(400, notJson.status());
        assertEquals("body", notJson.field());
        AdminHttp.Reply noAlerts = post("alertmanager", "{\"version\":\"4\"}");
        assertEquals(400, noAlerts.status());
        assertEquals("alerts", noAlerts.field());
        AdminHttp.Reply badStatus = post("alertmanager", "{\"alerts\":[{\"status\":\"burning\",\"labels\":{}}]}");
        assertEquals(400, badStatus.status());
        assertEquals("alerts[0].status", badStatus.field());

        AdminHttp.Reply aside = post("alertmanager", alertmanager("firing",
                alertmanagerAlert("firing", "Elsewhere", "nope", "critical", "3"),
                "{\"status\":\"firing\",\"labels\":{\"alertname\":\"Unlabelled\"},\"annotations\":{}}"));
        assertEquals(200, aside.status(), aside.raw().body());
        var ignored = aside.json().get("alerts").get("ignored");
        assertEquals(2, ignored.size());
        assertEquals("no service with id 'nope'", ignored.get(1).get("reason").asText());
        assertEquals("no statusstream_service label", ignored.get(0).get("reason").asText());
        assertFalse(aside.raw().body().contains("Exception"));
        assertTrue(node.status().snapshot().services().stream().allMatch(s -> s.status() == Status.OPERATIONAL));
    }

    /** The open incidents as PostgreSQL has them now (the node's snapshot follows the commit a moment later). */
    private List<dev.statusstream.Incident> openIncidents() throws Exception {
        List<dev.statusstream.Incident> open = new ArrayList<>();
        try (var c = DriverManager.getConnection(database);
             var rows = c.createStatement().executeQuery("select slug from statusstream_incidents where state <> 'resolved' order by slug")) {
            while (rows.next()) {
                open.add(node.status().incident(rows.getString(1)).orElseThrow());
            }
        }
        return open;
    }

    private List<String> incidentActors(String slug) throws Exception {
        try (var c = DriverManager.getConnection(database);
             var q = c.prepareStatement("select type || ' ' || actor from statusstream_change_log where subject = ? order by version")) {
            q.setString(1, slug);
            List<String> actors = new ArrayList<>();
            try (var rows = q.executeQuery()) {
                while (rows.next()) {
                    actors.add(rows.getString(1));
                }
            }
            return actors;
        }
    }

    @Test
    void with_open_incidents_the_first_alert_opens_one_incident_and_the_last_resolution_resolves_it() throws Exception {
        AdminHttp.Reply reply = post("alertmanager?openIncidents=true", alertmanager("firing",
                alertmanagerAlert("firing", "ProbeFailure", "api", "critical", "1a30ba71cca2921f"),
                alertmanagerAlert("firing", "HighLatency", "api", "warning", "2b41cb82ddb3a32a")));
        assertEquals(200, reply.status(), reply.raw().body());
        List<dev.statusstream.Incident> open = openIncidents();
        assertEquals(1, open.size(), "one incident for the service, not one per alert");
        var incident = open.get(0);
        assertEquals("ProbeFailure is failing", incident.title().get("en"));
        assertEquals(Status.OUTAGE, incident.impact());
        assertEquals(List.of("api"), incident.affectedServiceIds());
        assertEquals("Opened automatically by alert ProbeFailure (alertmanager): Probe failed for over 5m",
                incident.updates().get(0).body().get("en"));

        post("alertmanager?openIncidents=true", alertmanager("firing",
                alertmanagerAlert("firing", "ProbeFailure", "api", "critical", "1a30ba71cca2921f")));
        assertEquals(1, openIncidents().size(), "the same alert again opens nothing");
        post("alertmanager", alertmanager("resolved", alertmanagerAlert("resolved", "ProbeFailure", "api", "critical", "1a30ba71cca2921f")));
        assertEquals(1, openIncidents().size(), "HighLatency still fires");
        post("alertmanager", alertmanager("resolved", alertmanagerAlert("resolved", "HighLatency", "api", "warning", "2b41cb82ddb3a32a")));
        assertEquals(List.of(), openIncidents());
        var resolved = node.status().incident(incident.slug()).orElseThrow();
        assertEquals("resolved", resolved.state().wireName());
        assertTrue(resolved.updates().get(0).body().get("en").startsWith("Resolved automatically"), resolved.updates().get(0).body().get("en"));
        assertEquals(List.of("incident.opened alertmanager", "incident.resolved alertmanager"), incidentActors(incident.slug()));
        assertEquals(Status.OPERATIONAL, service("api").status());
    }

    @Test
    void an_alert_opens_no_incident_unless_asked_nor_beside_an_open_one_nor_on_a_manual_service_and_a_person_keeps_theirs() throws Exception {
        post("grafana", grafana("firing", "web"));
        assertEquals(List.of(), openIncidents(), "off by default");
        post("grafana", grafana("resolved", "web"));

        assertEquals(201, admin.send("POST", "/api/admin/incidents",
                "{\"title\":\"Website slow\",\"impact\":\"degraded\",\"services\":[\"web\"],\"body\":\"Looking\"}").status());
        post("grafana?openIncidents=true", grafana("firing", "web"));
        assertEquals(List.of("Website slow"), openIncidents().stream().map(i -> i.title().get("en")).toList(),
                "the service has an open incident already");
        post("grafana", grafana("resolved", "web"));
        assertEquals(List.of("Website slow"), openIncidents().stream().map(i -> i.title().get("en")).toList(),
                "an incident a person opened is the person's to resolve");

        assertEquals(200, admin.send("PUT", "/api/admin/services/api/status", "{\"status\":\"degraded\"}").status());
        post("alertmanager?openIncidents=true", alertmanager("firing", alertmanagerAlert("firing", "ProbeFailure", "api", "page", "9")));
        assertEquals(1, openIncidents().size(), "a service set by hand gets no incident from automation either");
        post("alertmanager", alertmanager("resolved", alertmanagerAlert("resolved", "ProbeFailure", "api", "page", "9")));

        assertEquals(200, admin.send("PUT", "/api/admin/services/api/control", "{\"control\":\"automatic\"}").status());
        post("alertmanager?openIncidents=true", alertmanager("firing", alertmanagerAlert("firing", "ProbeFailure", "api", "page", "9")));
        var opened = openIncidents().stream().filter(i -> i.affectedServiceIds().equals(List.of("api"))).toList();
        assertEquals(1, opened.size());
        String slug = opened.get(0).slug();
        assertEquals(201, admin.send("POST", "/api/admin/incidents/" + slug + "/updates",
                "{\"state\":\"identified\",\"body\":\"A bad deploy; rolling back\"}").status());
        post("alertmanager", alertmanager("resolved", alertmanagerAlert("resolved", "ProbeFailure", "api", "page", "9")));
        assertTrue(node.status().incident(slug).orElseThrow().isOpen(), "an operator wrote to it: it is theirs to resolve");
        assertEquals(Status.OPERATIONAL, service("api").status(), "the status is still automation's");
    }

    @Test
    void bad_alert_payloads_and_options_are_400s_naming_the_field() throws Exception {
        for (String[] bad : new String[][] {
                {"alertmanager", "[]", "body"},
                {"alertmanager", "{\"alerts\":{}}", "alerts"},
                {"grafana", "{\"alerts\":[1]}", "alerts[0]"},
                {"grafana", "{\"alerts\":[{\"status\":\"firing\"}]}", "alerts[0].labels"},
                {"alertmanager", "{\"alerts\":[" + String.join(",", java.util.Collections.nCopies(1001,
                        "{\"status\":\"firing\",\"labels\":{}}")) + "]}", "alerts"},
                {"alertmanager?openIncidents=yes", alertmanager("firing", alertmanagerAlert("firing", "X", "api", "critical", "1")),
                        "openIncidents"}}) {
            AdminHttp.Reply reply = post(bad[0], bad[1]);
            assertEquals(400, reply.status(), bad[1]);
            assertEquals(bad[2], reply.field(), reply.raw().body());
        }
        assertEquals(List.of(), openIncidents());
        assertTrue(node.status().snapshot().services().stream().allMatch(s -> s.status() == Status.OPERATIONAL));
    }
}
