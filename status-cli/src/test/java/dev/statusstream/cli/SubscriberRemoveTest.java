package dev.statusstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.cli.CliNode.Run;
import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code status subscriber remove --email}: everything about an address goes, in both modes. */
class SubscriberRemoveTest {
    private static final String TOKEN = "cli-subscriber-token-0123456789";
    private CliNode cli;
    private String database;
    @TempDir
    Path dataDirectory;

    @BeforeEach
    void start() {
        cli = CliNode.start(TOKEN).set("STATUS_DATA_DIR", dataDirectory.toString());
        database = cli.databaseUrl();
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    private Run run(String mode, String... args) {
        return cli.run(mode, args).stripped();
    }

    private long count(String sql) throws Exception {
        try (var c = DriverManager.getConnection(database); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws Exception {
        try (var c = DriverManager.getConnection(database); var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @ParameterizedTest(name = "{0} mode")
    @ValueSource(strings = {"direct", "remote"})
    void removing_an_address_deletes_the_subscriber_and_its_deliveries(String mode) throws Exception {
        execute("""
                insert into statusstream_subscribers (id, kind, target, language, state, created_at, created_by, token_key)
                values ('0b5e0c3a-5d3f-4f7e-9c1e-2f9a7b1c4d6e', 'email', 'Reader@example.org', 'en', 'active', now(), 'subscriber', 'k'),
                       ('1b5e0c3a-5d3f-4f7e-9c1e-2f9a7b1c4d6e', 'email', 'other@example.org', 'en', 'active', now(), 'subscriber', 'k');
                insert into statusstream_notifications (id, event, subject, payload, created_at)
                values (1, 'incident.opened', 'x', '{}', now());
                insert into statusstream_deliveries (id, notification_id, subscriber_id, state, next_attempt_at, created_at)
                values (gen_random_uuid(), 1, '0b5e0c3a-5d3f-4f7e-9c1e-2f9a7b1c4d6e', 'sent', now(), now()),
                       (gen_random_uuid(), 1, '1b5e0c3a-5d3f-4f7e-9c1e-2f9a7b1c4d6e', 'sent', now(), now())""");

        Run removed = run(mode, "subscriber", "remove", "--email", "READER@EXAMPLE.ORG");
        assertEquals(0, removed.code(), removed.err());
        assertEquals("removed the subscriber, its choices and its deliveries", removed.out());
        assertEquals(0, count("select count(*) from statusstream_subscribers where lower(target) = 'reader@example.org'"));
        assertEquals(1, count("select count(*) from statusstream_deliveries"), "only the other subscriber's delivery is left");
        assertEquals(1, count("select count(*) from statusstream_subscribers"));

        Run again = run(mode, "--json", "subscriber", "remove", "--email", "reader@example.org");
        assertEquals(0, again.code(), again.err());
        assertEquals("{\"removed\":0}", again.out());
    }

    @ParameterizedTest(name = "{0} mode")
    @ValueSource(strings = {"direct", "remote"})
    void a_bad_address_exits_2_with_one_line(String mode) {
        Run bad = run(mode, "subscriber", "remove", "--email", "not-an-address");
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("error: email: is not a mail address") && bad.err().lines().count() == 1, bad.err());
    }
}
