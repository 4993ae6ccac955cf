package dev.statusstream.server.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statusstream.Actor;
import dev.statusstream.AddSubscriber;
import dev.statusstream.LocalizedText;
import dev.statusstream.NewIncident;
import dev.statusstream.Status;
import dev.statusstream.StatusStream;
import dev.statusstream.StatusStreamConfig;
import dev.statusstream.SubscriberKind;
import dev.statusstream.internal.Json;
import dev.statusstream.server.testing.HookSink;
import dev.statusstream.server.testing.NodeProcess;
import dev.statusstream.server.testing.PrivatePostgres;
import dev.statusstream.server.testing.ProcessClassesTakeTurns;
import dev.statusstream.server.testing.TestNode;
import dev.statusstream.testing.TestServices;
import dev.statusstream.testing.Waiting;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Delivery when things fail, with real processes and a real receiver: two nodes sharing one queue, a
 * node killed (SIGKILL) in the middle of a send, PostgreSQL stopped while a send is in flight.
 */
@ExtendWith(ProcessClassesTakeTurns.class)
class DeliveryFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static LocalizedText en(String text) {
        return LocalizedText.of("en", text);
    }

    private static void addWebhook(StatusStream status, String url) {
        status.execute(new AddSubscriber(SubscriberKind.WEBHOOK, url, List.of(), false, null, null), Actor.library());
    }

    private static List<String> rows(String databaseUrl, String sql) {
        try (Connection c = DriverManager.getConnection(databaseUrl); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static String incidentId(HookSink.Hit hit) {
        return Json.read(hit.body(), JsonNode.class, "webhook").path("incident").path("id").asText();
    }

    @Test
    void two_nodes_delivering_one_queue_send_each_delivery_once() {
        String database = TestServices.newMigratedDatabase();
        Map<String, String> settings = Map.of("STATUS_DATABASE_URL", database, "STATUS_ALLOW_PRIVATE_TARGETS", "true");
        try (HookSink sink = HookSink.start(); TestNode a = TestNode.start(settings); TestNode b = TestNode.start(settings)) {
            int subscribers = 100;
            for (int i = 0; i < subscribers; i++) {
                addWebhook(a.status(), sink.url("/hook/" + i));
            }
            for (int i = 0; i < 3; i++) {
                a.status().openIncident(NewIncident.incident(en("Down " + i), Status.OUTAGE, List.of(), en("Looking")));
            }
            sink.awaitHits(3 * subscribers, WAIT);
            Waiting.until(WAIT, "every delivery recorded", () -> rows(database,
                    "select count(*) from statusstream_deliveries where state = 'sent'").equals(List.of(String.valueOf(3 * subscribers))));
            Map<String, Long> perDelivery = sink.hits().stream().collect(Collectors.groupingBy(HookSink.Hit::delivery, Collectors.counting()));
            assertEquals(3 * subscribers, perDelivery.size());
            assertTrue(perDelivery.values().stream().allMatch(n -> n == 1), "no delivery arrived twice");
            assertEquals(3 * subscribers, sink.hits().size());
            long byA = a.status().deliveryStats().sent();
            long byB = b.status().deliveryStats().sent();
            assertEquals(3 * subscribers, byA + byB);
            assertTrue(byA > 0 && byB > 0, "both nodes delivered: " + byA + " and " + byB);
        }
    }

    @Test
    void a_node_killed_mid_send_leaves_its_delivery_to_another_which_resends_it_with_the_same_id_after_the_lease()
            throws Exception {
        String database = TestServices.newMigratedDatabase();
        try (HookSink sink = HookSink.start();
             StatusStream writer = StatusStream.create(StatusStreamConfig.defaults().withDatabaseUrl(database).withAllowPrivateTargets(true))) {
            addWebhook(writer, sink.url("/hook"));
            sink.holdRequests();
            Map<String, String> settings = Map.of("STATUS_DATABASE_URL", database, "STATUS_ALLOW_PRIVATE_TARGETS", "true",
                    "STATUS_DELIVERY_LEASE", "3s");
            try (NodeProcess doomed = NodeProcess.start("delivery-killed", settings)) {
                writer.openIncident(NewIncident.incident(en("Down"), Status.OUTAGE, List.of(), en("Looking")));
                HookSink.Hit first = sink.awaitHits(1, WAIT);
                assertEquals(List.of("sending"), rows(database, "select state from statusstream_deliveries"));
                doomed.kill();
                sink.release();
                long killedAt = System.nanoTime();
                try (TestNode survivor = TestNode.start(settings)) {
                    HookSink.Hit again = sink.awaitHits(2, WAIT);
                    long after = (System.nanoTime() - killedAt) / 1_000_000;
                    assertEquals(first.delivery(), again.delivery(), "the same delivery id");
                    assertEquals(incidentId(first), incidentId(again), "the same notification");
                    Waiting.until(WAIT, "the delivery recorded", () -> rows(database,
                            "select state || ' ' || attempts from statusstream_deliveries").equals(List.of("sent 2")));
                    assertEquals(2, sink.hits().size(), "the one in flight when the node died, and the resend; nothing more");
                    System.out.printf("resent %d ms after the SIGKILL (lease 3 s)%n", after);
                }
            }
        }
    }

    @Test
    void with_postgres_stopped_mid_send_the_outcome_waits_and_is_recorded_once_it_is_back() throws Exception {
        try (PrivatePostgres postgres = PrivatePostgres.start("delivery-pg-down"); HookSink sink = HookSink.start()) {
            String database = postgres.newDatabase("status");
            try (TestNode node = TestNode.start(Map.of("STATUS_DATABASE_URL", database, "STATUS_ALLOW_PRIVATE_TARGETS", "true",
                    "STATUS_DELIVERY_FIRST_RETRY", "500ms"))) {
                addWebhook(node.status(), sink.url("/in-flight"));
                addWebhook(node.status(), sink.url("/failing"));
                Function<HookSink.Hit, Integer> failingFirst = new Function<>() {
                    private boolean failed;

                    @Override
                    public synchronized Integer apply(HookSink.Hit hit) {
                        if (hit.path().equals("/failing") && !failed) {
                            failed = true;
                            return 503;
                        }
                        return 200;
                    }
                };
                sink.answering(failingFirst);
                sink.holdRequests();
                node.status().openIncident(NewIncident.incident(en("Down"), Status.OUTAGE, List.of(), en("Looking")));
                sink.awaitHits(2, WAIT);
                postgres.stop();
                sink.release(); // both answers arrive while PostgreSQL is away: neither can be recorded now
                Thread.sleep(3000); // PostgreSQL stays away a while; the failed one's retry falls due meanwhile
                postgres.start();
                Waiting.until(WAIT, "both delivered and recorded", () -> {
                    try {
                        return rows(database, "select state from statusstream_deliveries order by state").equals(List.of("sent", "sent"));
                    } catch (AssertionError e) {
                        return false;
                    }
                });
                Map<String, Long> perPath = sink.hits().stream().collect(Collectors.groupingBy(HookSink.Hit::path, Collectors.counting()));
                assertEquals(1L, perPath.get("/in-flight"), "the answer given while PostgreSQL was away was kept, not resent");
                assertEquals(2L, perPath.get("/failing"), "the failed try was retried once PostgreSQL was back");
                assertEquals(1, sink.hits().stream().filter(h -> h.path().equals("/failing")).map(HookSink.Hit::delivery).distinct().count());
            }
        }
    }
}
